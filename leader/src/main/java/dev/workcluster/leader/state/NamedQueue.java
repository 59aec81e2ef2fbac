package dev.workcluster.leader.state;

import java.util.Comparator;
import java.util.TreeSet;

/**
 * One named queue's tasks as placement needs them: the PENDING ones in dispatch order (HIGH,
 * then MEDIUM, then LOW/UNSPECIFIED; equal priority in arrival order, {@link
 * TaskRecord#queueOrder}: a delayed task arrives when it is released), and counts of the
 * running and the unfinished ones. Derived from the tasks, so a restored state rebuilds it.
 */
final class NamedQueue {
    private static final Comparator<TaskRecord> DISPATCH_ORDER =
            Comparator.comparingInt((TaskRecord t) -> -t.priority().rank).thenComparingLong(TaskRecord::queueOrder);

    final String name;
    private final TreeSet<TaskRecord> pending = new TreeSet<>(DISPATCH_ORDER);
    private int running;
    /** SCHEDULED, PENDING and RUNNING tasks: the queue exists while it holds any. */
    private int unfinished;

    NamedQueue(String name) {
        this.name = name;
    }

    TreeSet<TaskRecord> pending() {
        return pending;
    }

    int running() {
        return running;
    }

    int unfinished() {
        return unfinished;
    }

    /** Moves the counts and the pending line with one task's status change ({@code before} null: new). */
    void moved(TaskRecord task, TaskStatus before, TaskStatus after) {
        if (before == null) {
            unfinished++;
        }
        if (before == TaskStatus.PENDING) {
            pending.remove(task);
        } else if (before == TaskStatus.RUNNING) {
            running--;
        }
        if (after == TaskStatus.PENDING) {
            pending.add(task);
        } else if (after == TaskStatus.RUNNING) {
            running++;
        } else if (after.isFinished()) {
            unfinished--;
        }
    }
}
