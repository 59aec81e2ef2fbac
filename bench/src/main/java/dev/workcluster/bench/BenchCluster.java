package dev.workcluster.bench;

import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.raft.RaftSettings;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Transport;
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
 * A single leader node on free loopback ports with its Raft log in a temporary directory,
 * and library workers in this JVM. {@link #close()} stops the workers, then the leader,
 * and deletes the directory.
 */
final class BenchCluster implements AutoCloseable {
    private static final Duration WORKER_GRACE = Duration.ofSeconds(2);

    private final Path dataDir;
    private final LeaderServer leader;
    private final List<Worker> workers = new ArrayList<>();

    private BenchCluster(Path dataDir, LeaderServer leader) {
        this.dataDir = dataDir;
        this.leader = leader;
    }

    /** Starts the leader with default settings (only ports and data dir chosen here) and waits until it takes writes. */
    static BenchCluster start() throws Exception {
        Path dir = Files.createTempDirectory("workcluster-bench-");
        try {
            LeaderConfig config = new LeaderConfig("127.0.0.1", 0, 0,
                    RaftSettings.singleNode(dir, freeLoopbackPort(), RaftSettings.DEFAULT_SNAPSHOT_EVERY),
                    LeaderConfig.DEFAULT_HEARTBEAT_TIMEOUT, LeaderConfig.DEFAULT_WORKER_CALL_TIMEOUT,
                    LeaderConfig.DEFAULT_MAX_ASSIGNMENTS_PER_ROUND, StateLimits.defaults(), SessionSettings.defaults(),
                    "127.0.0.1:0");
            LeaderServer leader = LeaderServer.start(config);
            try {
                leader.awaitReady(Duration.ofSeconds(30));
            } catch (Exception e) {
                leader.close();
                throw e;
            }
            return new BenchCluster(dir, leader);
        } catch (Exception e) {
            delete(dir);
            throw e;
        }
    }

    /** Starts {@code count} workers with {@code slots} slots each on the given transport. */
    void startWorkers(int count, int slots, Transport transport, TaskHandler handler) {
        for (int i = 1; i <= count; i++) {
            workers.add(Worker.start(WorkerOptions.newBuilder().setLeaderAddresses(address()).setWorkerId("bench-w" + i)
                    .setSlots(slots).setTransport(transport).setPushListenPort(0) // push workers: any free port each
                    .setShutdownGrace(WORKER_GRACE).build(), handler));
        }
    }

    /** host:port of the leader's cluster.v1 port, which serves scheduler.v1 too. */
    String address() {
        return "127.0.0.1:" + leader.clusterPort();
    }

    @Override
    public void close() throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (Worker worker : workers) {
            Thread thread = new Thread(() -> worker.shutdown(WORKER_GRACE), "bench-stop-" + worker.id());
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
            throw new UncheckedIOException("cannot delete the bench's data dir " + dir, e);
        }
    }
}
