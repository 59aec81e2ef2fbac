package dev.workcluster.leader.state;

/**
 * When a task's deadlines fall, in leader-clock milliseconds, from its stored fields alone. Apply
 * uses them to check a timeout command against the command's time; the Raft leader uses the same
 * ones to arm its timers, so the two never disagree about what is due. {@link #NONE} when a
 * deadline does not apply to the task as it is now.
 */
public final class TaskDeadlines {
    public static final long NONE = Long.MAX_VALUE;

    private TaskDeadlines() {}

    /** A SCHEDULED task becomes PENDING at its run_at. */
    public static long releaseAt(TaskRecord task) {
        return task.status() == TaskStatus.SCHEDULED ? task.timing().runAtMillis() : NONE;
    }

    /**
     * A task with schedule_to_start must be handed to a worker that long after it became ready; it no
     * longer applies once it was (a retry waits in the queue without it).
     */
    public static long mustStartBy(TaskRecord task) {
        long limit = task.timing().scheduleToStartMillis();
        return task.status() == TaskStatus.PENDING && task.assignment() == 0 && limit > 0
                ? plus(task.readyMillis(), limit)
                : NONE;
    }

    /** A run of a task with start_to_close must end that long after it started. */
    public static long mustEndBy(TaskRecord task) {
        long limit = task.timing().startToCloseMillis();
        return task.status() == TaskStatus.RUNNING && limit > 0 ? plus(task.startedMillis(), limit) : NONE;
    }

    /**
     * A run of a task with heartbeat_timeout must show progress that long after it started and after
     * each sign of progress. Progress is not in the log (it would cost a commit each), so apply knows
     * only the start: {@code lastProgressMillis} is what the leader saw, or 0.
     */
    public static long silentAfter(TaskRecord task, long lastProgressMillis) {
        long limit = task.timing().heartbeatTimeoutMillis();
        return task.status() == TaskStatus.RUNNING && limit > 0
                ? plus(Math.max(task.startedMillis(), lastProgressMillis), limit)
                : NONE;
    }

    /** The earliest deadline the task has now, or {@link #NONE}. */
    public static long next(TaskRecord task, long lastProgressMillis) {
        if (!task.timing().isSet()) {
            return NONE;
        }
        return Math.min(
                Math.min(releaseAt(task), mustStartBy(task)),
                Math.min(mustEndBy(task), silentAfter(task, lastProgressMillis)));
    }

    private static long plus(long millis, long limit) {
        return millis > NONE - limit ? NONE : millis + limit;
    }
}
