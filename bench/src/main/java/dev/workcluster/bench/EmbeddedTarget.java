package dev.workcluster.bench;

import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;

/** A fresh single-node cluster in this JVM with library workers whose no-op handler times each start. */
final class EmbeddedTarget implements LoadTarget {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedCluster cluster;
    private final LoadClient client;
    private final TaskTimings timings;
    private final int workers;

    private EmbeddedTarget(EmbeddedCluster cluster, LoadClient client, int workers) {
        this.cluster = cluster;
        this.client = client;
        this.timings = new TaskTimings(client::taskStarted);
        this.workers = workers;
    }

    /** Starts the leader and {@code shape}'s workers, and waits until every worker joined. */
    static EmbeddedTarget start(LoadRun.Shape shape) throws Exception {
        EmbeddedCluster cluster = EmbeddedCluster.start("bench", config -> config);
        EmbeddedTarget target =
                new EmbeddedTarget(cluster, new LoadClient(cluster.address(), shape.maxQueued()), shape.workers());
        try {
            for (int i = 1; i <= shape.workers(); i++) {
                cluster.startWorker(
                        WorkerOptions.newBuilder()
                                .setWorkerId("bench-w" + i)
                                .setSlots(shape.slots())
                                .setTransport(shape.transport())
                                .setPushListenPort(0),
                        target.timings); // push: any free port
            }
            target.client.awaitWorkers(shape.workers(), JOIN_TIMEOUT);
            return target;
        } catch (Exception | Error e) {
            target.close();
            throw e;
        }
    }

    @Override
    public LoadClient client() {
        return client;
    }

    @Override
    public TaskStarts starts() {
        return timings;
    }

    @Override
    public boolean external() {
        return false;
    }

    @Override
    public long workers() {
        return workers;
    }

    @Override
    public void check() {}

    @Override
    public void close() throws InterruptedException {
        try {
            client.close();
        } finally {
            cluster.close();
        }
    }
}
