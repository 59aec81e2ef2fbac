package dev.workcluster.leader.state;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every task the state knows: by id, by arrival (all of them, and those of each status),
 * the pending queue and the finished tasks' retention. Every status change goes through
 * here, so the indexes move with it.
 */
final class TaskTable {
    private final Changes changes;
    private final Map<String, TaskRecord> byId = new HashMap<>();
    private final NavigableMap<Long, TaskRecord> bySequence = new TreeMap<>();
    /** A listing filtered by status reads only the tasks of that status, never the whole table. */
    private final Map<TaskStatus, NavigableMap<Long, TaskRecord>> byStatus = new EnumMap<>(TaskStatus.class);

    private final Queues queues = new Queues();
    /** Payload bytes of the tasks not finished yet; derived from the tasks, so a restore recomputes it. */
    private long unfinishedPayloadBytes;
    /**
     * Finished tasks, oldest-finished first: the order depends only on stored fields,
     * so a state restored from a snapshot drops exactly what the original would.
     */
    private final TreeSet<TaskRecord> finished =
            new TreeSet<>(Comparator.comparingLong(TaskRecord::finishedMillis).thenComparingLong(TaskRecord::sequence));

    TaskTable(Changes changes) {
        this.changes = changes;
        for (TaskStatus status : TaskStatus.values()) {
            byStatus.put(status, new TreeMap<>());
        }
    }

    TaskRecord get(String id) {
        return byId.get(id);
    }

    int count(TaskStatus status) {
        return byStatus.get(status).size();
    }

    TaskRecord oldestPending() {
        return queues.oldest();
    }

    Queues queues() {
        return queues;
    }

    int size() {
        return byId.size();
    }

    int pendingCount() {
        return queues.pendingCount();
    }

    /** Tasks waiting to run, now (PENDING) or at their run_at (SCHEDULED): what the queue limit counts. */
    int queuedCount() {
        return queues.pendingCount() + count(TaskStatus.SCHEDULED);
    }

    long unfinishedPayloadBytes() {
        return unfinishedPayloadBytes;
    }

    Iterable<TaskRecord> pendingInOrder() {
        return queues.pendingInOrder();
    }

    NavigableMap<Long, TaskRecord> bySequence() {
        return bySequence;
    }

    NavigableMap<Long, TaskRecord> bySequence(TaskStatus status) {
        return byStatus.get(status);
    }

    Collection<TaskRecord> all() {
        return bySequence.values();
    }

    void add(TaskRecord task) {
        byId.put(task.id(), task);
        bySequence.put(task.sequence(), task);
        byStatus.get(task.status()).put(task.sequence(), task);
        changes.task(task);
        queues.moved(task, null, task.status());
        if (task.status().isFinished()) {
            finished.add(task);
        }
        if (!task.status().isFinished()) {
            unfinishedPayloadBytes += task.payloadBytes();
        }
    }

    void start(TaskRecord task, String memberId, long nowMillis) {
        counted(task, () -> task.assign(memberId, nowMillis));
    }

    /** A SCHEDULED task whose run_at came: PENDING, queued as arriving now ({@code queueOrder}). */
    void release(TaskRecord task, long queueOrder) {
        task.queueOrder(queueOrder); // first: the pending line orders by it
        counted(task, () -> task.moveTo(TaskStatus.PENDING));
    }

    void requeue(TaskRecord task) {
        counted(task, () -> task.moveTo(TaskStatus.PENDING));
    }

    void finish(TaskRecord task, TaskStatus end, long nowMillis) {
        counted(task, () -> {
            task.moveTo(end);
            task.finishedAt(nowMillis);
        });
        finished.add(task);
        unfinishedPayloadBytes -= task.payloadBytes();
    }

    /** Runs a status change, moving the task to its new status' indexes (which are also what count it). */
    private void counted(TaskRecord task, Runnable change) {
        TaskStatus before = task.status();
        change.run(); // first: a refused transition throws before any index moved
        byStatus.get(before).remove(task.sequence());
        byStatus.get(task.status()).put(task.sequence(), task);
        queues.moved(task, before, task.status());
        changes.task(task);
    }

    /** Drops finished tasks beyond the count limit or older than the age limit. */
    void prune(int keepCount, long dropFinishedBeforeMillis) {
        while (!finished.isEmpty()
                && (finished.size() > keepCount || finished.first().finishedMillis() < dropFinishedBeforeMillis)) {
            TaskRecord gone = finished.pollFirst();
            byId.remove(gone.id());
            bySequence.remove(gone.sequence());
            byStatus.get(gone.status()).remove(gone.sequence());
            changes.taskRemoved(gone.id());
        }
    }
}
