package dev.workcluster.leader.state;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every task the state knows: by id, by arrival, the pending queue, counts by status
 * and the finished tasks' retention. Every status change goes through here.
 */
final class TaskTable {
    private final Changes changes;
    private final int[] countByStatus = new int[TaskStatus.values().length];
    private final Map<String, TaskRecord> byId = new HashMap<>();
    private final NavigableMap<Long, TaskRecord> bySequence = new TreeMap<>();
    private final TaskQueue queue = new TaskQueue();
    /** Payload bytes of the tasks not finished yet; derived from the tasks, so a restore recomputes it. */
    private long unfinishedPayloadBytes;
    /**
     * Finished tasks, oldest-finished first: the order depends only on stored fields,
     * so a state restored from a snapshot drops exactly what the original would.
     */
    private final TreeSet<TaskRecord> finished = new TreeSet<>(
            Comparator.comparingLong(TaskRecord::finishedMillis).thenComparingLong(TaskRecord::sequence));

    TaskTable(Changes changes) {
        this.changes = changes;
    }

    TaskRecord get(String id) { return byId.get(id); }
    int count(TaskStatus status) { return countByStatus[status.ordinal()]; }
    TaskRecord oldestPending() { return queue.oldest(); }
    int size() { return byId.size(); }
    int pendingCount() { return queue.size(); }
    long unfinishedPayloadBytes() { return unfinishedPayloadBytes; }
    Iterable<TaskRecord> pendingInOrder() { return queue.inOrder(); }
    NavigableMap<Long, TaskRecord> bySequence() { return bySequence; }
    Collection<TaskRecord> all() { return bySequence.values(); }

    void add(TaskRecord task) {
        byId.put(task.id(), task);
        bySequence.put(task.sequence(), task);
        countByStatus[task.status().ordinal()]++;
        changes.task(task);
        if (task.status() == TaskStatus.PENDING) {
            queue.add(task);
        } else if (task.status().isFinished()) {
            finished.add(task);
        }
        if (!task.status().isFinished()) {
            unfinishedPayloadBytes += task.payloadBytes();
        }
    }

    void start(TaskRecord task, String memberId, long nowMillis) {
        queue.remove(task);
        counted(task, () -> task.assign(memberId, nowMillis));
    }

    void requeue(TaskRecord task) {
        counted(task, () -> task.moveTo(TaskStatus.PENDING));
        queue.add(task);
    }

    void finish(TaskRecord task, TaskStatus end, long nowMillis) {
        if (task.status() == TaskStatus.PENDING) {
            queue.remove(task);
        }
        counted(task, () -> {
            task.moveTo(end);
            task.finishedAt(nowMillis);
        });
        finished.add(task);
        unfinishedPayloadBytes -= task.payloadBytes();
    }

    private void counted(TaskRecord task, Runnable change) {
        countByStatus[task.status().ordinal()]--;
        change.run();
        countByStatus[task.status().ordinal()]++;
        changes.task(task);
    }

    /** Drops finished tasks beyond the count limit or older than the age limit. */
    void prune(int keepCount, long dropFinishedBeforeMillis) {
        while (!finished.isEmpty()
                && (finished.size() > keepCount || finished.first().finishedMillis() < dropFinishedBeforeMillis)) {
            TaskRecord gone = finished.pollFirst();
            byId.remove(gone.id());
            bySequence.remove(gone.sequence());
            countByStatus[gone.status().ordinal()]--;
            changes.taskRemoved(gone.id());
        }
    }
}
