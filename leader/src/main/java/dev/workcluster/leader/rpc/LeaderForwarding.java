package dev.workcluster.leader.rpc;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * On a node that is not the ready Raft leader, passes the calls that need the leader
 * (writes, and the liveness calls whose soft state lives there) on to it, so a client
 * may talk to any node. Reads stay local. Session streams are redirected instead (the
 * worker should hold its stream to the leader itself).
 */
final class LeaderForwarding implements ServerInterceptor, AutoCloseable {
    static final Set<String> FORWARDED = Set.of(
            "cluster.v1.LeaderService/Join", "cluster.v1.LeaderService/Leave", "cluster.v1.LeaderService/Members",
            "cluster.v1.LeaderService/Heartbeat", "scheduler.v1.SchedulerService/ScheduleTask",
            "scheduler.v1.SchedulerService/ScheduleTasks",
            "scheduler.v1.SchedulerService/CancelTask", "scheduler.v1.SchedulerService/TaskComplete");
    private static final long FORWARD_DEADLINE_SECONDS = 10;

    private final BooleanSupplier leaderReady;
    private final Supplier<String> leaderAddress;
    private final String ownAddress;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    LeaderForwarding(BooleanSupplier leaderReady, Supplier<String> leaderAddress, String ownAddress) {
        this.leaderReady = leaderReady;
        this.leaderAddress = leaderAddress;
        this.ownAddress = ownAddress;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (!FORWARDED.contains(call.getMethodDescriptor().getFullMethodName()) || leaderReady.getAsBoolean()) {
            return next.startCall(call, headers);
        }
        String target = leaderAddress.get();
        if (target.isEmpty() || target.equals(ownAddress)) {
            call.close(Status.UNAVAILABLE.withDescription(target.isEmpty()
                    ? "no Raft leader is known: the group has lost its quorum or is electing a leader"
                    : "this node is becoming the leader and catching up with the log; retry"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        ManagedChannel channel = channels.computeIfAbsent(target, t -> NettyChannelBuilder.forTarget(t).usePlaintext().build());
        call.request(1);
        return new ServerCall.Listener<>() {
            private Q request;

            @Override
            public void onMessage(Q message) {
                request = message;
            }

            @Override
            public void onHalfClose() {
                if (request == null) {
                    call.close(Status.INVALID_ARGUMENT.withDescription("no request message"), new Metadata());
                    return;
                }
                var forwarded = ClientCalls.futureUnaryCall(channel.newCall(call.getMethodDescriptor(),
                        CallOptions.DEFAULT.withDeadlineAfter(FORWARD_DEADLINE_SECONDS, TimeUnit.SECONDS)), request);
                forwarded.addListener(() -> reply(call, forwarded), Runnable::run);
            }
        };
    }

    private static <Q, R> void reply(ServerCall<Q, R> call, com.google.common.util.concurrent.ListenableFuture<R> answer) {
        try {
            R response = answer.get();
            call.sendHeaders(new Metadata());
            call.sendMessage(response);
            call.close(Status.OK, new Metadata());
        } catch (java.util.concurrent.ExecutionException e) {
            call.close(Status.fromThrowable(e.getCause()), new Metadata());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.close(Status.CANCELLED.withDescription("interrupted while forwarding to the leader"), new Metadata());
        }
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
