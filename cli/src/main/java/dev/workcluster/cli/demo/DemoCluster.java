package dev.workcluster.cli.demo;

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
import java.util.stream.Stream;

/**
 * Everything the demo starts in its own JVM: a leader on free loopback ports with its data
 * in a temporary directory, and library workers with short heartbeats. {@link #close()}
 * drains the workers, stops the leader and deletes the directory.
 */
final class DemoCluster implements AutoCloseable {
    static final int WORKERS = 3;
    static final int SLOTS = 2;
    private static final Duration WORKER_GRACE = Duration.ofSeconds(2);

    private final Path dataDir;
    private final LeaderServer leader;
    private final List<Worker> workers = new ArrayList<>();

    private DemoCluster(Path dataDir, LeaderServer leader) {
        this.dataDir = dataDir;
        this.leader = leader;
    }

    /** Starts the leader and waits until it takes writes. */
    static DemoCluster startLeader() throws Exception {
        Path dir = Files.createTempDirectory("workcluster-demo-");
        try {
            LeaderConfig config = new LeaderConfig("127.0.0.1", 0, 0,
                    RaftSettings.singleNode(dir, freeLoopbackPort(), RaftSettings.DEFAULT_SNAPSHOT_EVERY),
                    Duration.ofSeconds(3), Duration.ofSeconds(2), LeaderConfig.DEFAULT_MAX_ASSIGNMENTS_PER_ROUND,
                    StateLimits.defaults(), new SessionSettings(Duration.ofSeconds(2), 4, SessionSettings.DEFAULT_MAX_SLOTS),
                    "127.0.0.1:0");
            LeaderServer leader = LeaderServer.start(config);
            try {
                leader.awaitReady(Duration.ofSeconds(30));
            } catch (Exception e) {
                leader.close();
                throw e;
            }
            return new DemoCluster(dir, leader);
        } catch (Exception e) {
            delete(dir);
            throw e;
        }
    }

    /** Starts w1..wN; they join in the background. */
    void startWorkers(TaskHandler handler) {
        for (int i = 1; i <= WORKERS; i++) {
            workers.add(Worker.start(WorkerOptions.newBuilder().setLeaderAddresses(address()).setWorkerId("w" + i)
                    .setSlots(SLOTS).setHeartbeatInterval(Duration.ofMillis(250))
                    .setReconnectBackoffInitial(Duration.ofMillis(50)).setReconnectBackoffMax(Duration.ofSeconds(1))
                    .setShutdownGrace(WORKER_GRACE).build(), handler));
        }
    }

    /** host:port of the leader's cluster.v1 port (it serves scheduler.v1 too). */
    String address() {
        return "127.0.0.1:" + leader.clusterPort();
    }

    /** Drains the workers (all at once), then stops the leader and deletes its data. */
    @Override
    public void close() throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (Worker worker : workers) {
            Thread thread = new Thread(() -> worker.shutdown(WORKER_GRACE), "demo-stop-" + worker.id());
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
            throw new UncheckedIOException("cannot delete the demo's data dir " + dir, e);
        }
    }

    Path dataDir() {
        return dataDir;
    }
}
