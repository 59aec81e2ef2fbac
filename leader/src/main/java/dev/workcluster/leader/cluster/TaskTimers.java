package dev.workcluster.leader.cluster;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.StateChanges;
import dev.workcluster.leader.state.TaskDeadlines;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The Raft leader's timers for tasks (soft state): each unfinished task with a run_at or a timeout
 * has one due time, its earliest deadline ({@link TaskDeadlines}), kept in step with the applied
 * state and rebuilt from it when this node becomes leader. The one thing the log does not hold is
 * when a run last reported progress: that stays here, and a new leader counts each run's heartbeat
 * timeout from when it took over. When a task falls due, {@code onDue} gets its id; it proposes what
 * the deadline calls for, and apply checks the facts again.
 */
public final class TaskTimers {
    private record Progress(int assignment, long millis) {}

    private final DueTimes<String> due;
    private final LongSupplier wallMillis;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private volatile boolean active;
    private volatile long activeSinceMillis;

    public TaskTimers(ScheduledExecutorService timers, LongSupplier wallMillis, Consumer<List<String>> onDue) {
        this.due = new DueTimes<>(timers, wallMillis, onDue);
        this.wallMillis = wallMillis;
    }

    /** This node became leader: arms every unfinished task. Call under the state's read lock. */
    public void start(ClusterState state) {
        due.clear();
        progress.clear();
        activeSinceMillis = wallMillis.getAsLong();
        active = true;
        for (TaskStatus status : List.of(TaskStatus.SCHEDULED, TaskStatus.PENDING, TaskStatus.RUNNING)) {
            state.tasksIn(status).forEach(this::arm);
        }
    }

    /** Leadership lost: the next leader keeps its own timers. */
    public void stop() {
        active = false;
        due.clear();
        progress.clear();
    }

    /** An entry was applied (on the apply thread, under the write lock): re-arms the tasks it changed. */
    public void applied(ClusterState state, StateChanges changes) {
        if (!active) {
            return;
        }
        for (String id : changes.tasks()) {
            TaskRecord task = state.task(id);
            if (task == null) {
                forget(id);
            } else {
                arm(task);
            }
        }
        changes.removedTasks().forEach(this::forget);
    }

    /** The whole state was replaced (a snapshot was installed). */
    public void replaced(ClusterState state) {
        if (active) {
            start(state);
        }
    }

    /**
     * A worker says the run {@code (attempt, assignment)} of a task shows progress: its heartbeat
     * timeout starts over. Ignored unless that is the task's current run on {@code memberId}. Call
     * under the state's read lock.
     */
    public void progress(ClusterState state, String memberId, String taskId, int attempt, int assignment) {
        TaskRecord task = state.task(taskId);
        if (!active
                || task == null
                || assignment == 0
                || task.timing().heartbeatTimeoutMillis() == 0
                || !task.isCurrentRunOf(memberId, attempt, assignment)) {
            return;
        }
        progress.put(taskId, new Progress(assignment, wallMillis.getAsLong()));
        arm(task);
    }

    /**
     * The latest sign that the task's current run is alive, as this leader knows it: progress it was
     * told of, or else when it became leader (the old leader's knowledge is gone with it).
     */
    public long lastSignOfLife(TaskRecord task) {
        Progress seen = progress.get(task.id());
        long reported = seen != null && seen.assignment() == task.assignment() ? seen.millis() : 0;
        return Math.max(reported, activeSinceMillis);
    }

    /** Sets the task's timer to its next deadline, or cancels it when it has none. */
    public void arm(TaskRecord task) {
        if (!active || !task.timing().isSet()) {
            return; // most tasks: this costs nothing on the apply thread
        }
        if (task.status() != TaskStatus.RUNNING) {
            progress.remove(task.id());
        }
        long next = TaskDeadlines.next(task, lastSignOfLife(task));
        if (next == TaskDeadlines.NONE) {
            due.cancel(task.id());
        } else {
            due.set(task.id(), next);
        }
    }

    /** Looks at the task again after {@code after}, as when a proposal about it failed. */
    public void retry(String taskId, Duration after) {
        if (active) {
            due.set(taskId, wallMillis.getAsLong() + after.toMillis());
        }
    }

    /** Tasks with a timer now, for tests and status. */
    public int armed() {
        return due.size();
    }

    private void forget(String taskId) {
        due.cancel(taskId);
        progress.remove(taskId);
    }
}
