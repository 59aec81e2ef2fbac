package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.testkit.FreePorts;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarding from a node that is not the leader, over real gRPC on loopback: the "leader"
 * is a recording SchedulerService; the followers run {@link LeaderForwarding} as a node does.
 */
class LeaderForwardingTest {
    private static final int NODE_MAX_MESSAGE_BYTES = 8 << 20;

    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<LeaderForwarding> forwardings = new ArrayList<>();
    private final List<String> forwardedBy = new CopyOnWriteArrayList<>();
    private final List<Long> deadlineMillis = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        forwardings.forEach(LeaderForwarding::close);
        channels.forEach(ManagedChannel::shutdownNow);
        for (Server server : servers) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Answers ScheduleTasks with {@code replyBytes} of payload, recording the hop header and deadline it saw. */
    String leader(int replyBytes) throws Exception {
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                forwardedBy.add(String.valueOf(headers.get(LeaderForwarding.FORWARDED_BY)));
                Deadline deadline = Context.current().getDeadline();
                deadlineMillis.add(deadline == null ? -1 : deadline.timeRemaining(TimeUnit.MILLISECONDS));
                return next.startCall(call, headers);
            }
        };
        return serve(
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                        .intercept(recorder),
                new SchedulerServiceGrpc.SchedulerServiceImplBase() {
                    @Override
                    public void scheduleTasks(ScheduleTasksRequest request, StreamObserver<ScheduleTasksResponse> out) {
                        out.onNext(ScheduleTasksResponse.newBuilder()
                                .addTasks(Task.newBuilder().setId("big").setPayload("x".repeat(replyBytes)))
                                .build());
                        out.onCompleted();
                    }
                });
    }

    /** A node that is not the leader and believes the leader is at {@code leaderAddress}. */
    String follower(String leaderAddress) throws Exception {
        int port = FreePorts.next();
        String own = "127.0.0.1:" + port;
        LeaderForwarding forwarding = new LeaderForwarding(
                () -> false,
                () -> leaderAddress,
                own,
                NODE_MAX_MESSAGE_BYTES,
                io.grpc.InsecureChannelCredentials.create());
        forwardings.add(forwarding);
        serve(
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                        .maxInboundMessageSize(NODE_MAX_MESSAGE_BYTES)
                        .intercept(forwarding),
                new SchedulerServiceGrpc.SchedulerServiceImplBase() {});
        return own;
    }

    private String serve(NettyServerBuilder builder, SchedulerServiceGrpc.SchedulerServiceImplBase service)
            throws Exception {
        Server server = builder.addService(service).build().start();
        servers.add(server);
        return "127.0.0.1:" + server.getPort();
    }

    SchedulerServiceGrpc.SchedulerServiceBlockingStub client(String address, long deadlineSeconds) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(address)
                .usePlaintext()
                .maxInboundMessageSize(NODE_MAX_MESSAGE_BYTES)
                .build();
        channels.add(channel);
        return SchedulerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
    }

    static ScheduleTasksRequest request() {
        return ScheduleTasksRequest.newBuilder()
                .addTasks(Task.newBuilder().setId("t").setPayload("p"))
                .build();
    }

    @Test
    void aReplyAsLargeAsTheNodeAcceptsComesBackThroughTheForwardingChannel() throws Exception {
        String follower = follower(leader(6 << 20));

        ScheduleTasksResponse reply = client(follower, 30).scheduleTasks(request());

        assertThat(reply.getTasks(0).getPayload()).hasSize(6 << 20);
    }

    @Test
    void theForwardedCallKeepsTheCallersDeadlineAndSaysWhoForwardedIt() throws Exception {
        String follower = follower(leader(10));

        client(follower, 60).scheduleTasks(request());

        assertThat(forwardedBy).containsExactly(follower);
        assertThat(deadlineMillis)
                .singleElement()
                .satisfies(
                        remaining -> assertThat(remaining).isGreaterThan(50_000).isLessThanOrEqualTo(60_000));
    }

    @Test
    void aCallWithoutADeadlineGetsTheForwardingDefault() throws Exception {
        String follower = follower(leader(10));
        ManagedChannel channel =
                NettyChannelBuilder.forTarget(follower).usePlaintext().build();
        channels.add(channel);

        SchedulerServiceGrpc.newBlockingStub(channel).scheduleTasks(request());

        assertThat(deadlineMillis)
                .singleElement()
                .satisfies(remaining -> assertThat(remaining)
                        .isPositive()
                        .isLessThanOrEqualTo(LeaderForwarding.FORWARD_DEADLINE_SECONDS * 1000));
    }

    @Test
    void aForwardedCallIsNotForwardedAgainButAnsweredWithTheLeadersAddress() throws Exception {
        String leader = leader(10);
        String staleFollower = follower(leader); // believes in the right leader, but is not it
        String wrongFollower = follower(staleFollower); // believes the other follower leads

        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class, () -> client(wrongFollower, 30).scheduleTasks(request()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(error.getStatus().getDescription())
                .contains("the leader is at " + leader, "forwarded here by " + wrongFollower, "not forwarded again");
        assertThat(forwardedBy).isEmpty();
    }
}
