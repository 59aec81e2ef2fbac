package dev.workcluster.e2e;

import dev.workcluster.bench.LoopbackPorts;
import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A real leader node in the test's JVM on loopback ports, and a client of it. */
public final class InJvmLeader implements AutoCloseable {
    private final LeaderServer server;
    private final ManagedChannel channel;
    public final TaskClient tasks;

    private InJvmLeader(LeaderServer server) {
        this.server = server;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.clusterPort()).usePlaintext().build();
        this.tasks = new TaskClient(channel);
    }

    public static InJvmLeader start(Path dataDir, UnaryOperator<LeaderConfig> customize) throws Exception {
        LeaderConfig config = customize.apply(LeaderConfig.defaults(dataDir)
                .withPorts(LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free()));
        LeaderServer server = LeaderServer.start(config);
        server.awaitReady(Duration.ofSeconds(30));
        return new InJvmLeader(server);
    }

    public String address() {
        return "127.0.0.1:" + server.clusterPort();
    }

    public List<Member> members() {
        return LeaderServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .members(MembersRequest.getDefaultInstance()).getMembersList();
    }

    SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler() {
        return tasks.scheduler();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }
}
