package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;

import dev.workcluster.leader.scheduler.LeaderCore;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** cluster.v1.LeaderService: membership and unary heartbeats of seed (push-mode) workers. */
public final class LeaderServiceRpc extends LeaderServiceGrpc.LeaderServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(LeaderServiceRpc.class);

    private final LeaderCore core;
    private final SessionEndpoint sessionEndpoint;
    private final MemberViews memberViews;
    private final NodeStatus nodeStatus;

    public LeaderServiceRpc(
            LeaderCore core, SessionEndpoint sessionEndpoint, MemberViews memberViews, NodeStatus status) {
        this.core = core;
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
            Map<String, String> labels = LabelRules.labels("labels", request.getLabelsMap());
            List<String> queues = QueueRules.subscriptions("queues", request.getQueuesList());
            return joinPush(id, address, labels, queues).thenApply(ignored -> JoinResponse.getDefaultInstance());
        });
    }

    @Override
    public void leave(LeaveRequest request, StreamObserver<LeaveResponse> observer) {
        UnaryReplies.reply(observer, () -> {
            String id = Requests.id("id", request.getId());
            String address = core.state()
                    .read(s -> s.member(id) == null ? "" : s.member(id).address());
            return core.proposer()
                    .propose(Command.newBuilder()
                            .setLeaveMember(LeaveMember.newBuilder().setId(id)))
                    .thenApply(r -> {
                        StatusMapping.accepted(r);
                        core.deadlines().forget(id);
                        core.deliveries().left(id, address);
                        log.info("event=member_left member={}", id);
                        return LeaveResponse.getDefaultInstance();
                    });
        });
    }

    @Override
    public void members(MembersRequest request, StreamObserver<MembersResponse> observer) {
        UnaryReplies.replyNow(observer, () -> {
            MemberListing listing = MemberListing.of(request);
            return core.state().read(s -> listing.page(s, memberViews));
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
            MemberRecord expired = core.state().read(s -> {
                MemberRecord member = s.member(id);
                if (member == null) {
                    throw Status.NOT_FOUND
                            .withDescription("member '" + id + "' not found; call Join first")
                            .asRuntimeException();
                }
                return member.alive() ? null : member;
            });
            CompletableFuture<Void> alive = expired == null
                    ? CompletableFuture.completedFuture(null)
                    // an expired member that still heartbeats comes back, as it was
                    : joinPush(id, expired.address(), expired.labels(), List.copyOf(expired.queues()));
            return alive.thenApply(ignored -> {
                core.deadlines().heartbeat(id);
                if (status == HeartbeatStatus.HEARTBEAT_STATUS_IDLE) {
                    core.deliveries().reportedIdle(id);
                } else if (status == HeartbeatStatus.HEARTBEAT_STATUS_FAILED) {
                    core.deliveries().pause(id);
                }
                return HeartbeatResponse.getDefaultInstance();
            });
        });
    }

    private CompletableFuture<Void> joinPush(
            String id, String address, Map<String, String> labels, List<String> queues) {
        return core.proposer()
                .propose(Command.newBuilder()
                        .setJoinMember(JoinMember.newBuilder()
                                .setId(id)
                                .setAddress(address)
                                .setSlots(1)
                                .setTransport(Transport.TRANSPORT_PUSH)
                                .putAllLabels(labels)
                                .addAllQueues(queues)))
                .thenApply(r -> {
                    StatusMapping.accepted(r);
                    core.deadlines().heartbeat(id);
                    core.deliveries().resume(id);
                    log.info("event=member_joined member={} address={} transport=push", id, address);
                    return null;
                });
    }
}
