package dev.workcluster.e2e;

import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Raw scheduler.v1 stubs of each node of a {@link RaftCluster}, for calls the Java client does not make. */
final class NodeStubs implements AutoCloseable {
    private final RaftCluster cluster;
    private final Map<Integer, ManagedChannel> channels = new ConcurrentHashMap<>();

    NodeStubs(RaftCluster cluster) {
        this.cluster = cluster;
    }

    /** A stub of node {@code i} whose calls end within 5 s. */
    SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler(int i) {
        ManagedChannel channel = channels.computeIfAbsent(
                i,
                node -> NettyChannelBuilder.forTarget(cluster.node(node).clientAddress())
                        .usePlaintext()
                        .build());
        return SchedulerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
