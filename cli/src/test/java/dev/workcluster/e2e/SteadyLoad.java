package dev.workcluster.e2e;

import static org.awaitility.Awaitility.await;

import dev.workcluster.client.TaskSpec;
import dev.workcluster.client.WorkClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of ScheduleTask calls, one per period, from its own thread. A call that
 * fails is repeated with the same id (ScheduleTask is idempotent) until it is acknowledged,
 * so after {@link #finish} every id this load ever sent is acknowledged: a task the cluster
 * ran that is not in {@link #acknowledged} came from nowhere.
 */
final class SteadyLoad implements AutoCloseable {
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicInteger failedCalls = new AtomicInteger();
    private final WorkClient client;
    private final String prefix;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "steady-load");
        t.setDaemon(true);
        return t;
    });
    // Touched only on the load's thread, except for reads of outstanding.
    private boolean more = true;
    private int next;
    private volatile String outstanding;

    private SteadyLoad(WorkClient client, String prefix) {
        this.client = client;
        this.prefix = prefix;
    }

    static SteadyLoad start(WorkClient client, String prefix, Duration period) {
        SteadyLoad load = new SteadyLoad(client, prefix);
        load.thread.scheduleWithFixedDelay(load::step, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return load;
    }

    private void step() {
        if (outstanding == null) {
            if (!more) {
                return;
            }
            outstanding = prefix + next++;
        }
        String id = outstanding;
        try {
            client.schedule(TaskSpec.of("work").withId(id));
            acknowledged.add(id);
            outstanding = null;
        } catch (RuntimeException e) {
            failedCalls.incrementAndGet(); // not acknowledged (no quorum, leader changing): the same id next time
        }
    }

    /** Sends no new id, and waits until the last one sent is acknowledged. */
    void finish(Duration within) throws InterruptedException, ExecutionException {
        thread.submit(() -> more = false).get(); // on the load's thread: no step is half-way through choosing an id
        await().atMost(within).until(() -> outstanding == null);
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
