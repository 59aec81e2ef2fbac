package dev.workcluster.deploy;

import dev.workcluster.testkit.TaskClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An application submitting work through everything the rehearsal does to the cluster: one task
 * every {@code interval}, each tried on the nodes in turn until one acknowledges it, always under
 * the same id, so a retry after an unknown outcome cannot make a second task.
 */
final class Submitter implements AutoCloseable {
    private final List<TaskClient> nodes;
    private final String payload;
    private final Duration interval;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Submitter(List<TaskClient> nodes, String payload, Duration interval) {
        this.nodes = nodes;
        this.payload = payload;
        this.interval = interval;
        this.thread = new Thread(this::submit, "rehearsal-submitter");
        thread.start();
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    private void submit() {
        int node = 0;
        for (int next = 0; running.get(); next++) {
            String id = "rehearsal-" + next;
            while (running.get() && !acknowledged.contains(id)) {
                try {
                    nodes.get(node).schedule(id, payload);
                    acknowledged.add(id);
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                        acknowledged.add(id); // an earlier try committed; its answer was lost
                    } else {
                        node = (node + 1) % nodes.size();
                        pause(Duration.ofMillis(100));
                    }
                }
            }
            pause(interval);
        }
    }

    private void pause(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** Stops submitting; the task being tried when this is called may or may not be acknowledged. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
