package dev.workcluster.cli.watch;

import dev.workcluster.cli.output.HumanText;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The one-line forms of watch events: {@code 12:00:01.250 task t1 running on w1 attempt 1/3}. */
public final class WatchLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final ZoneId zone;

    public WatchLines(ZoneId zone) {
        this.zone = zone;
    }

    /** Local wall-clock time of day, with milliseconds. */
    public String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
    }

    /** The event without a time; null for a snapshot marker, which the watch describes itself. */
    public static String describe(WatchTasksResponse event) {
        return switch (event.getEventCase()) {
            case TASK -> task(event.getTask());
            case MEMBER -> member(event.getMember());
            case REMOVED_TASK_ID -> "task " + event.getRemovedTaskId() + " removed (finished, past retention)";
            case REMOVED_MEMBER_ID -> "member " + event.getRemovedMemberId() + " removed";
            default -> null;
        };
    }

    public static String task(Task t) {
        StringBuilder line =
                new StringBuilder("task ").append(t.getId()).append(' ').append(HumanText.status(t.getStatus()));
        String attempt = "attempt " + t.getAttempt() + "/" + t.getMaxAttempts();
        TaskStatus status = t.getStatus();
        if (status == TaskStatus.TASK_STATUS_SCHEDULED && t.hasRunAt()) {
            return line.append(" (")
                    .append(HumanText.priority(t.getPriority()))
                    .append("), due at ")
                    .append(java.time.Instant.ofEpochMilli(HumanText.millis(t.getRunAt())))
                    .toString();
        }
        if (status == TaskStatus.TASK_STATUS_PENDING) {
            line.append(" (")
                    .append(HumanText.priority(t.getPriority()))
                    .append(") ")
                    .append(attempt);
            if (t.getAttempt() > 1 && !t.getError().isEmpty()) {
                line.append(", last error: ").append(HumanText.shorten(t.getError(), 80));
            }
            return line.toString();
        }
        if (!t.getWorkerId().isEmpty()) {
            line.append(" on ").append(t.getWorkerId());
        }
        line.append(' ').append(attempt);
        if (status == TaskStatus.TASK_STATUS_RUNNING
                && t.getAttempt() > 1
                && !t.getError().isEmpty()) {
            // A retry often starts in the same commit that ended the attempt before: no PENDING line says why.
            line.append(", last error: ").append(HumanText.shorten(t.getError(), 80));
        }
        if (t.hasStartedAt() && t.hasFinishedAt()) {
            line.append(" after ")
                    .append(seconds(HumanText.millis(t.getFinishedAt()) - HumanText.millis(t.getStartedAt())));
        }
        if (status == TaskStatus.TASK_STATUS_ERROR && !t.getError().isEmpty()) {
            line.append(": ").append(HumanText.shorten(t.getError(), 80));
        } else if (status == TaskStatus.TASK_STATUS_COMPLETED && !t.getResult().isEmpty()) {
            line.append(": ").append(HumanText.shorten(t.getResult(), 80));
        }
        return line.toString();
    }

    /** 850ms, 1.2s, 59.9s, then {@link HumanText#duration}: a task's run time with a useful precision. */
    public static String seconds(long millis) {
        if (millis < 1_000) {
            return Math.max(0, millis) + "ms";
        }
        return millis < 60_000
                ? String.format(Locale.ROOT, "%.1fs", millis / 1_000.0)
                : HumanText.duration(Duration.ofMillis(millis));
    }

    public static String member(Member m) {
        String status = m.getStatus().isEmpty() ? m.getState().name().toLowerCase(Locale.ROOT) : m.getStatus();
        return "member " + m.getId() + " " + status;
    }

    public static String snapshotComplete(int members, int tasks, boolean resync) {
        String counted = plural(members, "member") + ", " + plural(tasks, "task");
        return resync
                ? "resynchronised: " + counted + " that may have changed; live changes follow"
                : "snapshot complete: " + counted + "; live changes follow";
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
