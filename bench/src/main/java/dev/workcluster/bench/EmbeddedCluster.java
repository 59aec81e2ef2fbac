package dev.workcluster.bench;

import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.raft.RaftSettings;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A single leader node on free loopback ports with its Raft log in a temporary directory,
 * and library workers in this JVM: what the benchmarks and {@code workcluster demo} run.
 * {@link #close()} drains the workers (all at once), stops the leader and deletes the directory.
 */
public final class EmbeddedCluster implements AutoCloseable {
    private static final Duration WORKER_GRACE = Duration.ofSeconds(2);

    private final Path dataDir;
    private final LeaderServer leader;
    private final List<Worker> workers = new ArrayList<>();

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
                    RaftSettings.singleNode(dir, freeLoopbackPort(), RaftSettings.DEFAULT_SNAPSHOT_EVERY),
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
            delete(dir);
            throw e;
        }
    }

    /** Starts a worker pointed at this leader; it joins in the background. */
    public Worker startWorker(WorkerOptions.Builder options, TaskHandler handler) {
        Worker worker = Worker.start(options.setLeaderAddresses(address()).setShutdownGrace(WORKER_GRACE).build(), handler);
        workers.add(worker);
        return worker;
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
        List<Thread> stopping = new ArrayList<>();
        for (Worker worker : workers) {
            Thread thread = new Thread(() -> worker.shutdown(WORKER_GRACE), "stop-" + worker.id());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            thread.join();
        }
        leader.close();
        delete(dataDir);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary data dir " + dir, e);
        }
    }
}
