package dev.workcluster.testkit;

import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.raft.RaftSettings;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A single leader node on loopback ports with its Raft log in a temporary directory, and library
 * workers in this JVM: what {@code workcluster demo}, the benchmarks and the tests of the CLI run.
 * {@link #close()} drains the workers (all at once), stops the leader and deletes the directory.
 *
 * <pre>{@code
 * try (EmbeddedCluster cluster = EmbeddedCluster.start("example", config -> config)) {
 *     cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(2), context -> "done");
 *     cluster.tasks().schedule("t1", "any payload");
 * }
 * }</pre>
 */
public final class EmbeddedCluster implements AutoCloseable {
    private static final Duration WORKER_GRACE = Duration.ofSeconds(2);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final LeaderServer leader;
    private final LibraryWorkers workers = new LibraryWorkers(WORKER_GRACE);
    private ManagedChannel channel;

    private EmbeddedCluster(Path dataDir, LeaderServer leader) {
        this.dataDir = dataDir;
        this.leader = leader;
    }

    /**
     * Starts the leader and waits until it takes writes.
     *
     * @param name      names the temporary directory
     * @param customize changes the defaults (only ports, bind address and data dir are chosen here)
     */
    public static EmbeddedCluster start(String name, UnaryOperator<LeaderConfig> customize) throws Exception {
        Path dir = TemporaryDirectories.create(name);
        try {
            LeaderConfig config = customize.apply(new LeaderConfig(
                    "127.0.0.1",
                    0,
                    0,
                    RaftSettings.singleNode(dir, FreePorts.next(), RaftSettings.DEFAULT_SNAPSHOT_EVERY),
                    LeaderConfig.DEFAULT_HEARTBEAT_TIMEOUT,
                    LeaderConfig.DEFAULT_WORKER_CALL_TIMEOUT,
                    LeaderConfig.DEFAULT_MAX_ASSIGNMENTS_PER_ROUND,
                    StateLimits.defaults(),
                    SessionSettings.defaults(),
                    "127.0.0.1:0",
                    LeaderConfig.DEFAULT_MAX_WATCHES,
                    AccessSettings.open(),
                    0,
                    null,
                    LeaderConfig.DEFAULT_MAX_RESULT_BYTES));
            LeaderServer leader = LeaderServer.start(config);
            try {
                leader.awaitReady(READY_TIMEOUT);
            } catch (Exception e) {
                leader.close();
                throw e;
            }
            return new EmbeddedCluster(dir, leader);
        } catch (Exception e) {
            TemporaryDirectories.delete(dir);
            throw e;
        }
    }

    /** Starts a worker pointed at this leader, with a shutdown grace of 2 s; it joins in the background. */
    public Worker startWorker(WorkerOptions.Builder options, TaskHandler handler) {
        return workers.start(options.setLeaderAddresses(address()), handler);
    }

    /** host:port of the leader's cluster.v1 port, which serves scheduler.v1 too. */
    public String address() {
        return "127.0.0.1:" + leader.clusterPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** scheduler.v1 calls to the leader. */
    public TaskClient tasks() {
        return new TaskClient(channel());
    }

    /** The members the leader lists now (up to 10,000). */
    public List<Member> members() {
        return LeaderServiceGrpc.newBlockingStub(channel())
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .members(MembersRequest.getDefaultInstance())
                .getMembersList();
    }

    /** Whether the leader lists this member as alive now. */
    public boolean isAlive(String memberId) {
        return members().stream()
                .anyMatch(member ->
                        member.getId().equals(memberId) && member.getState() == MemberState.MEMBER_STATE_ALIVE);
    }

    /** Opened on first use, so a cluster that is only driven from outside (the benchmarks) holds none. */
    private synchronized ManagedChannel channel() {
        if (channel == null) {
            channel = NettyChannelBuilder.forTarget(address()).usePlaintext().build();
        }
        return channel;
    }

    @Override
    public void close() throws InterruptedException {
        workers.close();
        synchronized (this) {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        leader.close();
        TemporaryDirectories.delete(dataDir);
    }
}
