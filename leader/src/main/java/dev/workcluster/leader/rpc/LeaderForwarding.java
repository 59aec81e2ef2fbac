package dev.workcluster.leader.rpc;

import dev.workcluster.leader.access.Caller;
import dev.workcluster.leader.access.CallerIdentity;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * On a node that is not the ready Raft leader, passes the calls that need the leader
 * (writes, and the liveness calls whose soft state lives there) on to it, so a client
 * may talk to any node. Reads stay local. Session streams are redirected instead (the
 * worker should hold its stream to the leader itself).
 *
 * <p>A forwarded call keeps the caller's deadline (or gets {@link #FORWARD_DEADLINE_SECONDS}
 * when it had none), takes replies as large as this node's own server accepts, and is
 * forwarded once at most: it carries {@link #FORWARDED_BY}, and a node that gets such a call
 * while not the leader answers UNAVAILABLE naming the leader, so two nodes with different
 * ideas of the leader never pass a call back and forth.
 */
final class LeaderForwarding implements ServerInterceptor, AutoCloseable {
    static final Set<String> FORWARDED = Set.of(
            "cluster.v1.LeaderService/Join",
            "cluster.v1.LeaderService/Leave",
            "cluster.v1.LeaderService/Members",
            "cluster.v1.LeaderService/Heartbeat",
            "scheduler.v1.SchedulerService/ScheduleTask",
            "scheduler.v1.SchedulerService/ScheduleTasks",
            "scheduler.v1.SchedulerService/CancelTask",
            "scheduler.v1.SchedulerService/TaskComplete",
            "scheduler.v1.SchedulerService/CreateSchedule",
            "scheduler.v1.SchedulerService/PauseSchedule",
            "scheduler.v1.SchedulerService/ResumeSchedule",
            "scheduler.v1.SchedulerService/DeleteSchedule",
            "scheduler.v1.SchedulerService/SetQueue");
    static final long FORWARD_DEADLINE_SECONDS = 10;
    /** Set on a forwarded call: the address of the node that forwarded it (the hop limit is 1). */
    static final Metadata.Key<String> FORWARDED_BY =
            Metadata.Key.of("workcluster-forwarded-by", Metadata.ASCII_STRING_MARSHALLER);

    private final BooleanSupplier leaderReady;
    private final Supplier<String> leaderAddress;
    private final String ownAddress;
    private final int maxMessageBytes;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final ChannelCredentials credentials;
    private final Queue<ManagedChannel> managed = new ConcurrentLinkedQueue<>();

    /** {@code maxMessageBytes}: the node's own inbound limit, which replies from the leader get too. */
    LeaderForwarding(
            BooleanSupplier leaderReady,
            Supplier<String> leaderAddress,
            String ownAddress,
            int maxMessageBytes,
            ChannelCredentials credentials) {
        this.credentials = credentials;
        this.leaderReady = leaderReady;
        this.leaderAddress = leaderAddress;
        this.ownAddress = ownAddress;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!FORWARDED.contains(call.getMethodDescriptor().getFullMethodName()) || leaderReady.getAsBoolean()) {
            return next.startCall(call, headers);
        }
        String target = leaderAddress.get();
        String forwardedBy = headers.get(FORWARDED_BY);
        if (target.isEmpty() || target.equals(ownAddress) || forwardedBy != null) {
            call.close(
                    Status.UNAVAILABLE.withDescription(
                            target.isEmpty()
                                    ? "no Raft leader is known: the group has lost its quorum or is electing a leader"
                                    : target.equals(ownAddress)
                                            ? "this node is becoming the leader and catching up with the log; retry"
                                            : "this node is not the Raft leader; the leader is at " + target
                                                    + " (the call was forwarded here by " + forwardedBy
                                                    + ", and a forwarded call is not forwarded again)"),
                    new Metadata());
            return new ServerCall.Listener<>() {};
        }
        Channel channel = onBehalfOfCaller(channels.computeIfAbsent(target, this::channelTo));
        Deadline deadline = Context.current().getDeadline();
        CallOptions options = deadline != null
                ? CallOptions.DEFAULT.withDeadline(deadline)
                : CallOptions.DEFAULT.withDeadlineAfter(FORWARD_DEADLINE_SECONDS, TimeUnit.SECONDS);
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
                var forwarded =
                        ClientCalls.futureUnaryCall(channel.newCall(call.getMethodDescriptor(), options), request);
                forwarded.addListener(() -> reply(call, forwarded), Runnable::run);
            }
        };
    }

    private static <Q, R> void reply(
            ServerCall<Q, R> call, com.google.common.util.concurrent.ListenableFuture<R> answer) {
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

    private Channel channelTo(String target) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(target, credentials)
                .maxInboundMessageSize(maxMessageBytes)
                .build();
        managed.add(channel);
        Metadata hop = new Metadata();
        hop.put(FORWARDED_BY, ownAddress);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(hop));
    }

    /** With access control on, the leader hears whose call this is from the node, which it trusts to say. */
    private static Channel onBehalfOfCaller(Channel channel) {
        return Caller.current()
                .map(caller -> {
                    Metadata identity = new Metadata();
                    identity.put(CallerIdentity.FORWARDED_SUBJECT_HEADER, caller.subject());
                    return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(identity));
                })
                .orElse(channel);
    }

    @Override
    public void close() {
        managed.forEach(ManagedChannel::shutdownNow);
    }
}
