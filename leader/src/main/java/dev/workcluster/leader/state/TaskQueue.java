package dev.workcluster.leader.state;

import java.util.Comparator;
import java.util.TreeSet;

/**
 * PENDING tasks in dispatch order: HIGH, then MEDIUM, then LOW/UNSPECIFIED; equal priority in
 * arrival order ({@link TaskRecord#queueOrder}: a delayed task arrives when it is released).
 */
final class TaskQueue {
    private static final Comparator<TaskRecord> DISPATCH_ORDER =
            Comparator.comparingInt((TaskRecord t) -> -t.priority().rank).thenComparingLong(TaskRecord::queueOrder);

    private final TreeSet<TaskRecord> pending = new TreeSet<>(DISPATCH_ORDER);
    /** The same tasks by arrival, for the age of the oldest. */
    private final TreeSet<TaskRecord> byArrival = new TreeSet<>(Comparator.comparingLong(TaskRecord::queueOrder));

    void add(TaskRecord task) {
        pending.add(task);
        byArrival.add(task);
    }

    void remove(TaskRecord task) {
        pending.remove(task);
        byArrival.remove(task);
    }

    int size() {
        return pending.size();
    }

    Iterable<TaskRecord> inOrder() {
        return pending;
    }
    /** The pending task that arrived first, or null. */
    TaskRecord oldest() {
        return byArrival.isEmpty() ? null : byArrival.first();
    }
}
