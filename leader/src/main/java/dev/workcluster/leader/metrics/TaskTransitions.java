package dev.workcluster.leader.metrics;

import dev.workcluster.leader.raft.AppliedListener;
import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.StateChanges;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.TaskStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns applied task changes into the leader's task counters and histograms: a start, a
 * retry, a requeue and its cause, a run's length, the wait from queueing to start. It
 * remembers the running tasks and the tasks queued again (not the many that may wait since
 * they were created: for those the task itself says when), on every node, so a node that
 * becomes leader counts correctly from its first entry; only the leader records. The state stays pure: times come from the entries (created, started,
 * finished), and only the moment a task is queued again, which no entry records, from the
 * leader's clock.
 */
final class TaskTransitions implements AppliedListener {
    private record Seen(
            TaskStatus status, int attempt, int assignment, String member, long queuedMillis, long startedMillis) {}

    /** Touched only by the applier, under the state's write lock. */
    private final Map<String, Seen> unfinished = new HashMap<>();

    private final Supplier<LeaderOnlyMeters> meters;
    private final Clock clock;

    TaskTransitions(Supplier<LeaderOnlyMeters> meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void applied(ClusterState state, StateChanges changes) {
        if (changes.tasks().isEmpty() && changes.removedTasks().isEmpty()) {
            return;
        }
        LeaderOnlyMeters recording = meters.get();
        for (String id : changes.tasks()) {
            TaskRecord task = state.task(id);
            if (task != null) {
                seen(state, task, unfinished.get(id), recording);
            }
        }
        changes.removedTasks().forEach(unfinished::remove);
    }

    private void seen(ClusterState state, TaskRecord task, Seen before, LeaderOnlyMeters recording) {
        boolean wasRunning = before != null && before.status() == TaskStatus.RUNNING;
        switch (task.status()) {
            case PENDING -> {
                if (wasRunning && recording != null) {
                    runEnded(state, task, before, clock.millis(), recording);
                }
                long queued = wasRunning ? clock.millis() : before == null ? task.readyMillis() : before.queuedMillis();
                if (queued == task.readyMillis()) {
                    unfinished.remove(task.id()); // what is not remembered is pending since it was ready
                } else {
                    unfinished.put(task.id(), seen(task, queued));
                }
            }
            case RUNNING -> {
                boolean newRun = before == null || before.assignment() != task.assignment();
                // Placement runs in apply: a run can end and the next start within one entry.
                long queued =
                        wasRunning ? task.startedMillis() : before == null ? task.readyMillis() : before.queuedMillis();
                if (newRun && recording != null) {
                    if (wasRunning) {
                        runEnded(state, task, before, task.startedMillis(), recording);
                    }
                    recording.started.increment();
                    recording.scheduleToStart.record(seconds(task.startedMillis() - queued));
                }
                unfinished.put(task.id(), seen(task, queued));
            }
            default -> {
                unfinished.remove(task.id());
                if (wasRunning && recording != null && task.status() != TaskStatus.CANCELLED) {
                    long finished =
                            task.finishedMillis() >= task.startedMillis() ? task.finishedMillis() : clock.millis();
                    recording.runTime.record(seconds(finished - task.startedMillis()));
                }
            }
        }
    }

    /**
     * The run {@code before} ended without finishing its task, at about {@code endedMillis}: a failed
     * attempt (retry; its length counts as a run) or a run that never finished (requeue).
     */
    private static void runEnded(
            ClusterState state, TaskRecord task, Seen before, long endedMillis, LeaderOnlyMeters recording) {
        if (task.attempt() > before.attempt()) {
            recording.retries.increment();
            recording.runTime.record(seconds(endedMillis - before.startedMillis()));
            return;
        }
        // The cause is read from the state as the whole entry left it. A member that is gone left on
        // purpose (a Leave ends its runs as attempt + 1, a retry above), so a run of its that went back at
        // the same attempt was handed back first, maybe in the same entry; one that is there and not
        // alive was lost.
        MemberRecord member = state.member(before.member());
        if (member != null && !member.alive()) {
            recording.requeuesMemberLost.increment();
        } else {
            recording.requeuesHandedBack.increment();
        }
    }

    @Override
    public void replaced(ClusterState state) {
        unfinished.clear();
        for (TaskRecord task :
                state.tasks(TaskStatus.RUNNING, -1, Integer.MAX_VALUE).tasks()) {
            unfinished.put(task.id(), seen(task, task.readyMillis()));
        }
    }

    private static Seen seen(TaskRecord task, long queuedMillis) {
        return new Seen(
                task.status(), task.attempt(), task.assignment(), task.memberId(), queuedMillis, task.startedMillis());
    }

    private static double seconds(long millis) {
        return Math.max(0, millis) / 1000.0;
    }
}
