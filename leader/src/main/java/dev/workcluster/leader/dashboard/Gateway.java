package dev.workcluster.leader.dashboard;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard reads and writes through the node's own gRPC services over loopback, so that
 * forwarding to the Raft leader, validation, bounds and role checks stay in one place.
 */
final class Gateway implements AutoCloseable {
    private static final long DEADLINE_SECONDS = 10;
    /** A page of tasks with large payloads is big; beyond this the call fails instead of filling the heap. */
    private static final int MAX_INBOUND_BYTES = 64 << 20;

    private final ManagedChannel channel;

    /**
     * @param target    host:port of the node's cluster.v1 port
     * @param authority the host name its certificate names (verified with TLS), or null
     */
    Gateway(String target, String authority, ChannelCredentials credentials) {
        NettyChannelBuilder builder =
                NettyChannelBuilder.forTarget(target, credentials).maxInboundMessageSize(MAX_INBOUND_BYTES);
        if (authority != null) {
            builder.overrideAuthority(authority);
        }
        this.channel = builder.build();
    }

    SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler(HttpCaller caller) {
        return SchedulerServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(caller.metadata()))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    LeaderServiceGrpc.LeaderServiceBlockingStub cluster(HttpCaller caller) {
        return LeaderServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(caller.metadata()))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** For the one long-lived watch, which has no deadline. */
    SchedulerServiceGrpc.SchedulerServiceStub watcher(HttpCaller caller) {
        return SchedulerServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(caller.metadata()));
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
