package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.workcluster.leader.state.TaskTiming;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.proto.scheduler.v1.Task;
import java.util.function.LongSupplier;

/**
 * Checks the timing fields of a task a client schedules (run_at or delay, and the three timeouts) and
 * writes them into its command as leader-clock milliseconds: a delay becomes a run_at from this
 * leader's clock, and a task without start_to_close gets the leader's default. Each failure names the
 * field and the limit.
 */
final class NewTaskTiming {
    static final java.time.Duration MAX_TIMEOUT = TaskTiming.MAX_TIMEOUT;
    static final java.time.Duration MAX_DELAY = TaskTiming.MAX_DELAY;
    /**
     * A run_at this far in the past still runs at once (clocks differ, a retried submit repeats its
     * run_at); one further back is refused as a likely mistake (a wrong date or time zone).
     */
    static final java.time.Duration RUN_AT_PAST_TOLERANCE = java.time.Duration.ofMinutes(5);

    private final long defaultStartToCloseMillis;
    private final LongSupplier nowMillis;

    /** {@code defaultStartToClose}: the leader's default (--default-task-timeout), or null for none. */
    NewTaskTiming(java.time.Duration defaultStartToClose, LongSupplier nowMillis) {
        this.defaultStartToCloseMillis = defaultStartToClose == null ? 0 : defaultStartToClose.toMillis();
        this.nowMillis = nowMillis;
    }

    void addTo(ScheduleTask.Builder command, String field, Task task) {
        String of = " of task " + Requests.quote(task.getId());
        long startToClose = task.hasStartToClose()
                ? timeout(field + ".start_to_close", of, task.getStartToClose())
                : defaultStartToCloseMillis;
        command.setStartToCloseMillis(startToClose);
        if (task.hasScheduleToStart()) {
            command.setScheduleToStartMillis(timeout(field + ".schedule_to_start", of, task.getScheduleToStart()));
        }
        if (task.hasHeartbeatTimeout()) {
            command.setHeartbeatTimeoutMillis(timeout(field + ".heartbeat_timeout", of, task.getHeartbeatTimeout()));
        }
        if (task.hasRunAt() && task.hasDelay()) {
            throw invalid(field + ".run_at and " + field + ".delay" + of + " are both set: give one of them");
        }
        if (task.hasRunAt()) {
            command.setRunAtMillis(runAt(field + ".run_at", of, task.getRunAt()));
        } else if (task.hasDelay()) {
            long delay = millis(field + ".delay", of, task.getDelay(), MAX_DELAY);
            command.setRunAtMillis(nowMillis.getAsLong() + delay);
        }
    }

    private static long timeout(String field, String of, Duration value) {
        return millis(field, of, value, MAX_TIMEOUT);
    }

    /** A duration of at least 1 ms and at most {@code max}, in whole milliseconds. */
    private static long millis(String field, String of, Duration value, java.time.Duration max) {
        long seconds = value.getSeconds();
        int nanos = value.getNanos();
        if (nanos < -999_999_999 || nanos > 999_999_999 || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
            throw invalid(field + of + " is not a valid Duration (seconds " + seconds + ", nanos " + nanos + ")");
        }
        if (seconds < 0 || nanos < 0 || (seconds == 0 && nanos < 1_000_000)) {
            throw invalid(field + of + " is " + text(seconds, nanos) + ": it must be at least 1ms");
        }
        if (seconds > max.toSeconds() || (seconds == max.toSeconds() && nanos > 0)) {
            throw invalid(field + of + " is " + text(seconds, nanos) + ", over the limit of " + days(max));
        }
        return seconds * 1000 + nanos / 1_000_000;
    }

    /** An instant from {@link #RUN_AT_PAST_TOLERANCE} ago to {@link #MAX_DELAY} ahead, in milliseconds. */
    private long runAt(String field, String of, Timestamp value) {
        if (value.getNanos() < 0 || value.getNanos() > 999_999_999) {
            throw invalid(field + of + " is not a valid Timestamp (nanos " + value.getNanos() + ")");
        }
        long now = nowMillis.getAsLong();
        long earliest = now - RUN_AT_PAST_TOLERANCE.toMillis();
        long latest = now + MAX_DELAY.toMillis();
        long seconds = value.getSeconds();
        // Seconds first: far-off values would overflow as milliseconds.
        boolean tooEarly = seconds < earliest / 1000 - 1;
        boolean tooLate = seconds > latest / 1000 + 1;
        long millis = tooEarly || tooLate ? 0 : seconds * 1000 + value.getNanos() / 1_000_000;
        if (tooEarly || (!tooLate && millis < earliest)) {
            throw invalid(field + of + " is more than " + RUN_AT_PAST_TOLERANCE.toMinutes()
                    + " minutes in the past (the tolerance)");
        }
        if (tooLate || millis > latest) {
            throw invalid(field + of + " is more than " + days(MAX_DELAY) + " ahead (the limit)");
        }
        return millis;
    }

    private static String days(java.time.Duration limit) {
        return limit.toDays() + " days";
    }

    private static String text(long seconds, int nanos) {
        return nanos == 0 ? seconds + "s" : seconds + "s " + nanos + "ns";
    }
}
