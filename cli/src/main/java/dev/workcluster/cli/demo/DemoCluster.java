package dev.workcluster.cli.demo;

import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's cluster, all in this process: one leader with short liveness timeouts (so the
 * demo shows failures quickly) and {@value #WORKERS} library workers of {@value #SLOTS} slots.
 */
final class DemoCluster implements AutoCloseable {
    static final int WORKERS = 3;
    static final int SLOTS = 2;

    private final EmbeddedCluster cluster;

    private DemoCluster(EmbeddedCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts the leader and waits until it takes writes. */
    static DemoCluster startLeader() throws Exception {
        return new DemoCluster(EmbeddedCluster.start(
                "demo",
                config -> config.withHeartbeatTimeout(Duration.ofSeconds(3))
                        .withWorkerCallTimeout(Duration.ofSeconds(2))
                        .withSessions(
                                new SessionSettings(Duration.ofSeconds(2), 4, SessionSettings.DEFAULT_MAX_SLOTS))));
    }

    /** Starts w1..wN; they join in the background. */
    void startWorkers(TaskHandler handler) {
        for (int i = 1; i <= WORKERS; i++) {
            cluster.startWorker(
                    WorkerOptions.newBuilder()
                            .setWorkerId("w" + i)
                            .setSlots(SLOTS)
                            .setHeartbeatInterval(Duration.ofMillis(250))
                            .setReconnectBackoffInitial(Duration.ofMillis(50))
                            .setReconnectBackoffMax(Duration.ofSeconds(1)),
                    handler);
        }
    }

    /** host:port of the leader's cluster.v1 port (it serves scheduler.v1 too). */
    String address() {
        return cluster.address();
    }

    Path dataDir() {
        return cluster.dataDir();
    }

    /** Drains the workers (all at once), then stops the leader and deletes its data. */
    @Override
    public void close() throws InterruptedException {
        cluster.close();
    }
}
