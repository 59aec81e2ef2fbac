package dev.workcluster.leader.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-second samples of the tasks started and their schedule-to-start latency, for the charts,
 * counted from the change feed so that every node (not only the Raft leader) draws them. Memory
 * is bounded: {@link #SECONDS} samples, {@link #LATENCIES_PER_SECOND} latencies in the second
 * being counted, and the last attempt seen of {@link #REMEMBERED_TASKS} tasks (a task sent again
 * with the same attempt is no new start).
 */
final class Throughput {
    static final int SECONDS = 300;
    static final int LATENCIES_PER_SECOND = 10_000;
    static final int REMEMBERED_TASKS = 20_000;

    private final long[] second = new long[SECONDS];
    private final long[] started = new long[SECONDS];
    private final long[] p50 = new long[SECONDS];
    private final long[] p99 = new long[SECONDS];
    private int filled;
    private int next;
    private long currentStarts;
    private final long[] latencies = new long[LATENCIES_PER_SECOND];
    private int latencyCount;

    @SuppressWarnings("serial") // never serialised
    private final Map<String, Integer> lastAttempt = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_TASKS;
        }
    };

    /** A task as it was when the watch began: its attempt is remembered, not counted. */
    synchronized void seen(Task task) {
        if (task.getStatus() == TaskStatus.TASK_STATUS_RUNNING) {
            lastAttempt.put(task.getId(), task.getAttempt());
        }
    }

    synchronized void changed(Task task) {
        if (task.getStatus() != TaskStatus.TASK_STATUS_RUNNING) {
            return;
        }
        Integer previous = lastAttempt.put(task.getId(), task.getAttempt());
        if (previous != null && previous == task.getAttempt()) {
            return;
        }
        currentStarts++;
        if (task.getAttempt() == 1
                && task.hasCreatedAt()
                && task.hasStartedAt()
                && latencyCount < LATENCIES_PER_SECOND) {
            long created = task.getCreatedAt().getSeconds() * 1000
                    + task.getCreatedAt().getNanos() / 1_000_000;
            long start = task.getStartedAt().getSeconds() * 1000
                    + task.getStartedAt().getNanos() / 1_000_000;
            latencies[latencyCount++] = Math.max(0, start - created);
        }
    }

    /** Closes the second that ended at {@code epochSecond}. */
    synchronized void tick(long epochSecond) {
        second[next] = epochSecond;
        started[next] = currentStarts;
        Arrays.sort(latencies, 0, latencyCount);
        p50[next] = latencyCount == 0 ? -1 : latencies[(latencyCount - 1) / 2];
        p99[next] = latencyCount == 0 ? -1 : latencies[(int) Math.ceil(latencyCount * 0.99) - 1];
        next = (next + 1) % SECONDS;
        filled = Math.min(SECONDS, filled + 1);
        currentStarts = 0;
        latencyCount = 0;
    }

    /** Oldest first; a p50/p99 of -1 means no first attempt started in that second. */
    synchronized JsonObject json() {
        JsonArray samples = new JsonArray();
        for (int i = 0; i < filled; i++) {
            int at = (next - filled + i + SECONDS) % SECONDS;
            JsonArray sample = new JsonArray();
            sample.add(second[at]);
            sample.add(started[at]);
            sample.add(p50[at]);
            sample.add(p99[at]);
            samples.add(sample);
        }
        JsonObject body = new JsonObject();
        body.addProperty("columns", "epochSecond,started,p50Ms,p99Ms");
        body.add("samples", samples);
        return body;
    }
}
