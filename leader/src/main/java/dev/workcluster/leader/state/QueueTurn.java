package dev.workcluster.leader.state;

import java.util.Iterator;

/**
 * One waiting queue while an entry places: where it is in its pending line and how many it
 * started so far. Turns order by running tasks per unit of weight, fewest first, then by queue
 * name: the weighted fair share that decides whose task takes the next free slot.
 */
final class QueueTurn implements Comparable<QueueTurn> {
    final NamedQueue queue;
    final QueueSettings settings;
    private final Iterator<TaskRecord> line;
    int started;
    int looked;
    /** Kinds of task (selectors) of this queue that found no free member. */
    int passedOver;

    QueueTurn(NamedQueue queue, QueueSettings settings) {
        this.queue = queue;
        this.settings = settings;
        this.line = queue.pending().iterator();
    }

    /** The next task in the queue's line, or null at its end. */
    TaskRecord next() {
        if (!line.hasNext()) {
            return null;
        }
        looked++;
        return line.next();
    }

    @Override
    public int compareTo(QueueTurn other) {
        long mine = (long) (queue.running() + started) * other.settings.weight();
        long theirs = (long) (other.queue.running() + other.started) * settings.weight();
        return mine != theirs ? Long.compare(mine, theirs) : queue.name.compareTo(other.queue.name);
    }
}
