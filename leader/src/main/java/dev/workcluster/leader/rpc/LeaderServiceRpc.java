package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;

import dev.workcluster.leader.cluster.HeartbeatDeadlines;
import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.scheduler.WorkerDeliveries;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.JoinMember;
import dev.workcluster.leader.state.proto.LeaveMember;
import dev.workcluster.leader.state.proto.Transport;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.cluster.v1.HeartbeatRequest;
import dev.workcluster.proto.cluster.v1.HeartbeatResponse;
import dev.workcluster.proto.cluster.v1.HeartbeatStatus;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.JoinResponse;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.LeaveRequest;
import dev.workcluster.proto.cluster.v1.LeaveResponse;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.MembersResponse;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** cluster.v1.LeaderService: membership and unary heartbeats of seed (push-mode) workers. */
public final class LeaderServiceRpc extends LeaderServiceGrpc.LeaderServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(LeaderServiceRpc.class);

    private final GuardedState state;
    private final Proposer proposer;
    private final HeartbeatDeadlines deadlines;
    private final WorkerDeliveries deliveries;
    private final SessionEndpoint sessionEndpoint;
    private final MemberViews memberViews;
    private final NodeStatus nodeStatus;

    public LeaderServiceRpc(
            GuardedState state,
            Proposer proposer,
            HeartbeatDeadlines deadlines,
            WorkerDeliveries deliveries,
            SessionEndpoint sessionEndpoint,
            MemberViews memberViews,
            NodeStatus status) {
        this.state = state;
        this.proposer = proposer;
        this.deadlines = deadlines;
        this.deliveries = deliveries;
        this.sessionEndpoint = sessionEndpoint;
        this.memberViews = memberViews;
        this.nodeStatus = status;
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> observer) {
        UnaryReplies.replyNow(observer, nodeStatus::now);
    }

    @Override
    public StreamObserver<SessionRequest> session(StreamObserver<SessionResponse> responses) {
        return sessionEndpoint.open(responses);
    }

    @Override
    public void join(JoinRequest request, StreamObserver<JoinResponse> observer) {
        UnaryReplies.reply(observer, () -> {
            String id = Requests.id("id", request.getId());
            String address = Requests.address("address", request.getAddress());
            return joinPush(id, address).thenApply(ignored -> JoinResponse.getDefaultInstance());
        });
    }

    @Override
    public void leave(LeaveRequest request, StreamObserver<LeaveResponse> observer) {
        UnaryReplies.reply(observer, () -> {
            String id = Requests.id("id", request.getId());
            String address =
                    state.read(s -> s.member(id) == null ? "" : s.member(id).address());
            return proposer.propose(Command.newBuilder()
                            .setLeaveMember(LeaveMember.newBuilder().setId(id)))
                    .thenApply(r -> {
                        StatusMapping.accepted(r);
                        deadlines.forget(id);
                        deliveries.left(id, address);
                        log.info("event=member_left member={}", id);
                        return LeaveResponse.getDefaultInstance();
                    });
        });
    }

    @Override
    public void members(MembersRequest request, StreamObserver<MembersResponse> observer) {
        UnaryReplies.replyNow(observer, () -> {
            MemberListing listing = MemberListing.of(request);
            return state.read(s -> listing.page(s, memberViews));
        });
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> observer) {
        UnaryReplies.reply(observer, () -> {
            String id = Requests.id("id", request.getId());
            HeartbeatStatus status = request.getStatus();
            if (status == HeartbeatStatus.UNRECOGNIZED) {
                throw invalid("status " + request.getStatusValue() + " is not a HeartbeatStatus");
            }
            String expiredAddress = state.read(s -> {
                MemberRecord member = s.member(id);
                if (member == null) {
                    throw Status.NOT_FOUND
                            .withDescription("member '" + id + "' not found; call Join first")
                            .asRuntimeException();
                }
                return member.alive() ? null : member.address();
            });
            CompletableFuture<Void> alive = expiredAddress == null
                    ? CompletableFuture.completedFuture(null)
                    : joinPush(id, expiredAddress); // an expired member that still heartbeats comes back
            return alive.thenApply(ignored -> {
                deadlines.heartbeat(id);
                if (status == HeartbeatStatus.HEARTBEAT_STATUS_IDLE) {
                    deliveries.reportedIdle(id);
                } else if (status == HeartbeatStatus.HEARTBEAT_STATUS_FAILED) {
                    deliveries.pause(id);
                }
                return HeartbeatResponse.getDefaultInstance();
            });
        });
    }

    private CompletableFuture<Void> joinPush(String id, String address) {
        return proposer.propose(Command.newBuilder()
                        .setJoinMember(JoinMember.newBuilder()
                                .setId(id)
                                .setAddress(address)
                                .setSlots(1)
                                .setTransport(Transport.TRANSPORT_PUSH)))
                .thenApply(r -> {
                    StatusMapping.accepted(r);
                    deadlines.heartbeat(id);
                    deliveries.resume(id);
                    log.info("event=member_joined member={} address={} transport=push", id, address);
                    return null;
                });
    }
}
