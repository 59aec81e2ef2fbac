package dev.workcluster.leader.testing;

import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.testkit.FreePorts;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A real leader node in this JVM on loopback ports, with plain gRPC clients to it. */
public final class LeaderFixture implements AutoCloseable {
    private final LeaderServer server;
    private final ManagedChannel channel;

    private LeaderFixture(LeaderServer server) {
        this.server = server;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.schedulerPort())
                .usePlaintext()
                .build();
    }

    public static LeaderFixture start(Path dataDir) throws Exception {
        return start(dataDir, UnaryOperator.identity());
    }

    public static LeaderFixture start(Path dataDir, UnaryOperator<LeaderConfig> customize) throws Exception {
        LeaderConfig config = customize.apply(
                LeaderConfig.defaults(dataDir).withPorts(FreePorts.next(), FreePorts.next(), FreePorts.next()));
        LeaderServer server = LeaderServer.start(config);
        server.awaitReady(Duration.ofSeconds(30));
        return new LeaderFixture(server);
    }

    public LeaderServer server() {
        return server;
    }

    public String clusterAddress() {
        return "127.0.0.1:" + server.clusterPort();
    }

    public String schedulerAddress() {
        return "127.0.0.1:" + server.schedulerPort();
    }

    public ManagedChannel channel() {
        return channel;
    }

    public SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler() {
        return SchedulerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    public LeaderServiceGrpc.LeaderServiceBlockingStub cluster() {
        return LeaderServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }
}
