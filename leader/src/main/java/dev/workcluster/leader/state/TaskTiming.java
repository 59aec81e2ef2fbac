package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.StoredTask;

/**
 * When a task may start and how long it may take, in leader-clock milliseconds; 0 means none.
 * Fixed when the task is scheduled: the edge turned a delay into {@code runAtMillis} and filled in
 * the leader's default start-to-close, so every replica holds the same values.
 *
 * @param runAtMillis           the task waits SCHEDULED until then
 * @param startToCloseMillis    a run that lasts longer ends as a failed attempt
 * @param scheduleToStartMillis a task not handed to a worker this long after it was ready ends in ERROR
 * @param heartbeatTimeoutMillis a run whose handler reports no progress for this long ends as a failed attempt
 */
public record TaskTiming(
        long runAtMillis, long startToCloseMillis, long scheduleToStartMillis, long heartbeatTimeoutMillis) {
    public static final TaskTiming NONE = new TaskTiming(0, 0, 0, 0);
    /** The longest timeout of any kind a task (or the leader's default) may have. */
    public static final java.time.Duration MAX_TIMEOUT = java.time.Duration.ofDays(30);
    /** How far ahead a task may be scheduled. */
    public static final java.time.Duration MAX_DELAY = java.time.Duration.ofDays(365);

    public TaskTiming {
        if (runAtMillis < 0 || startToCloseMillis < 0 || scheduleToStartMillis < 0 || heartbeatTimeoutMillis < 0) {
            throw new IllegalArgumentException("task timing must not be negative: run at " + runAtMillis
                    + ", start to close " + startToCloseMillis + ", schedule to start " + scheduleToStartMillis
                    + ", heartbeat timeout " + heartbeatTimeoutMillis);
        }
    }

    static TaskTiming of(ScheduleTask cmd) {
        return new TaskTiming(
                cmd.getRunAtMillis(),
                cmd.getStartToCloseMillis(),
                cmd.getScheduleToStartMillis(),
                cmd.getHeartbeatTimeoutMillis());
    }

    static TaskTiming of(StoredTask stored) {
        return new TaskTiming(
                stored.getRunAtMillis(),
                stored.getStartToCloseMillis(),
                stored.getScheduleToStartMillis(),
                stored.getHeartbeatTimeoutMillis());
    }

    /** Whether any of the limits is set: a task without any never needs a timer. */
    public boolean isSet() {
        return runAtMillis != 0 || startToCloseMillis != 0 || scheduleToStartMillis != 0 || heartbeatTimeoutMillis != 0;
    }
}
