package dev.workcluster.client.internal;

import dev.workcluster.client.TaskInfo;
import dev.workcluster.client.TaskState;
import dev.workcluster.client.WorkClientException;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which events of a {@link WatchStream} opened with a snapshot become task changes for a
 * {@code TaskWatch}. Each call begins with the node's current tasks (the most recent 10,000):
 * the first call's only say where the watch begins and are not passed on; after a break they
 * are, since the node that takes over cannot say which of them changed meanwhile, except
 * finished tasks that finished well before the last event the previous call delivered (a
 * finished task changes no more, and events arrive in commit order, so its end was seen
 * then, or it ended before the watch began).
 *
 * <pre>{@code
 * TaskChanges changes = new TaskChanges(Set.of(TaskState.COMPLETED), out);
 * WatchStream stream = new WatchStream(nodes, options, timer, true, 256, changes);
 * }</pre>
 */
public final class TaskChanges implements WatchSink {
    /**
     * How far apart two leaders' clocks may be: the timestamps compared after a break are set
     * by the leader of their time, and the next one may run behind the last.
     */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(10);

    /**
     * Where task changes go; called on gRPC's threads and never blocking.
     *
     * <pre>{@code
     * TaskChanges.Out out = new TaskChanges.Out() {
     *     public void subscribed() {}
     *     public void changed(TaskInfo task) { buffer.add(task); }
     *     public void failed(WorkClientException why) {}
     * };
     * }</pre>
     */
    public interface Out {
        /** The first call delivered its snapshot: every change committed from now on follows. */
        void subscribed();

        /** A change to pass on; the watch releases it on the stream once the consumer took it. */
        void changed(TaskInfo task);

        void failed(WorkClientException why);
    }

    private final Set<TaskState> states;
    private final Out out;
    // Touched by one call's events at a time (see WatchSink).
    private boolean subscribed;
    private boolean inSnapshot;
    private Instant highWater = Instant.EPOCH;
    private Instant finishedLongBefore = Instant.EPOCH;

    /** @param states the states to pass on; empty for all */
    public TaskChanges(Set<TaskState> states, Out out) {
        this.states = states.isEmpty() ? EnumSet.allOf(TaskState.class) : EnumSet.copyOf(states);
        this.out = out;
    }

    @Override
    public void opened(boolean afterBreak) {
        inSnapshot = true;
        finishedLongBefore = highWater.minus(CLOCK_MARGIN);
    }

    @Override
    public boolean event(WatchTasksResponse event) {
        if (event.hasSnapshotComplete()) {
            inSnapshot = false;
            if (!subscribed) {
                subscribed = true;
                out.subscribed();
            }
            return false;
        }
        if (!event.hasTask()) {
            return false; // members, and tasks dropped by retention
        }
        TaskInfo task = Conversions.info(event.getTask());
        Instant latest = latest(task);
        if (latest.isAfter(highWater)) {
            highWater = latest;
        }
        boolean endedLongBefore = task.state().isFinished()
                && task.finishedAt() != null
                && task.finishedAt().isBefore(finishedLongBefore);
        boolean seenBefore = inSnapshot && (!subscribed || endedLongBefore);
        if (seenBefore || !states.contains(task.state())) {
            return false;
        }
        out.changed(task);
        return true;
    }

    @Override
    public void stopped(WorkClientException why) {
        out.failed(why);
    }

    private static Instant latest(TaskInfo task) {
        Instant latest = task.createdAt() == null ? Instant.EPOCH : task.createdAt();
        for (Instant at : new Instant[] {task.startedAt(), task.finishedAt()}) {
            if (at != null && at.isAfter(latest)) {
                latest = at;
            }
        }
        return latest;
    }
}
