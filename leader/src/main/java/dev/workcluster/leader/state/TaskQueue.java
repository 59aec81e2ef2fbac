package dev.workcluster.leader.state;

import java.util.Comparator;
import java.util.TreeSet;

/** PENDING tasks in dispatch order: HIGH, then MEDIUM, then LOW/UNSPECIFIED; equal priority oldest first. */
final class TaskQueue {
    private static final Comparator<TaskRecord> DISPATCH_ORDER =
            Comparator.comparingInt((TaskRecord t) -> -t.priority().rank).thenComparingLong(TaskRecord::sequence);

    private final TreeSet<TaskRecord> pending = new TreeSet<>(DISPATCH_ORDER);

    void add(TaskRecord task) { pending.add(task); }
    void remove(TaskRecord task) { pending.remove(task); }
    int size() { return pending.size(); }
    Iterable<TaskRecord> inOrder() { return pending; }
}
