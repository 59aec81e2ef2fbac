package dev.workcluster.bench;

import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.raft.RaftSettings;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A single leader node on free loopback ports with its Raft log in a temporary directory,
 * and library workers in this JVM: what the benchmarks and {@code workcluster demo} run.
 * {@link #close()} drains the workers (all at once), stops the leader and deletes the directory.
 */
public final class EmbeddedCluster implements AutoCloseable {
    private static final Duration WORKER_GRACE = Duration.ofSeconds(2);

    private final Path dataDir;
    private final LeaderServer leader;
    private final LibraryWorkers workers = new LibraryWorkers(WORKER_GRACE);

    private EmbeddedCluster(Path dataDir, LeaderServer leader) {
        this.dataDir = dataDir;
        this.leader = leader;
    }

    /**
     * Starts the leader and waits until it takes writes.
     *
     * @param name      names the temporary directory and the worker-stopping threads
     * @param customize changes the defaults (only ports, bind address and data dir are chosen here)
     */
    public static EmbeddedCluster start(String name, UnaryOperator<LeaderConfig> customize) throws Exception {
        Path dir = Files.createTempDirectory("workcluster-" + name + "-");
        try {
            LeaderConfig config = customize.apply(new LeaderConfig("127.0.0.1", 0, 0,
                    RaftSettings.singleNode(dir, LoopbackPorts.free(), RaftSettings.DEFAULT_SNAPSHOT_EVERY),
                    LeaderConfig.DEFAULT_HEARTBEAT_TIMEOUT, LeaderConfig.DEFAULT_WORKER_CALL_TIMEOUT,
                    LeaderConfig.DEFAULT_MAX_ASSIGNMENTS_PER_ROUND, StateLimits.defaults(), SessionSettings.defaults(),
                    "127.0.0.1:0"));
            LeaderServer leader = LeaderServer.start(config);
            try {
                leader.awaitReady(Duration.ofSeconds(30));
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

    /** Starts a worker pointed at this leader; it joins in the background. */
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

    @Override
    public void close() throws InterruptedException {
        workers.close();
        leader.close();
        TemporaryDirectories.delete(dataDir);
    }
}
