package dev.workcluster.bench;

import dev.workcluster.testkit.LibraryWorkers;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The library workers that the scenarios with leader processes of their own run in this JVM: {@code bench-w1}
 * to {@code bench-wN}, alike, pointed at every leader address.
 */
final class BenchWorkers {
    /** How long a stopping worker's running tasks may take: the set's {@link LibraryWorkers} grace. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    private BenchWorkers() {}

    /**
     * Starts {@code count} workers of {@code slots} slots each in {@code workers}, all running {@code handler}
     * against {@code leaders}, and returns once the leader counts them all alive.
     */
    static void startJoined(
            LibraryWorkers workers, int count, int slots, List<String> leaders, TaskHandler handler, LoadClient client)
            throws InterruptedException, TimeoutException {
        for (int i = 1; i <= count; i++) {
            workers.start(
                    WorkerOptions.newBuilder()
                            .setWorkerId("bench-w" + i)
                            .setSlots(slots)
                            .setLeaderAddresses(leaders),
                    handler);
        }
        client.awaitWorkers(count, JOIN_TIMEOUT);
    }
}
