package dev.workcluster.cli.ops;

import dev.workcluster.cli.DurationConverter;
import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.output.Table;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import dev.workcluster.proto.scheduler.v1.Task;
import java.time.Duration;
import java.util.List;

/** A recurring schedule as the {@code schedules} commands show it to people: a table row, a summary, every field. */
final class ScheduleText {
    private ScheduleText() {}

    /** {@code every 5m}, or the cron expression and the zone it is read in: {@code 0 7 * * 1-5 (Europe/Paris)}. */
    static String spec(RecurringSchedule s) {
        if (s.hasEvery()) {
            return "every "
                    + DurationConverter.format(Duration.ofSeconds(
                            s.getEvery().getSeconds(), s.getEvery().getNanos()));
        }
        return s.getCron() + " (" + (s.getTimeZone().isEmpty() ? "UTC" : s.getTimeZone()) + ")";
    }

    static String state(RecurringSchedule s) {
        return s.getPaused() ? "paused" : "active";
    }

    /** The leader sends no next fire time for a paused schedule, nor for a cron that never fires again. */
    static String nextFire(RecurringSchedule s, long now) {
        if (s.hasNextFireAt()) {
            return TaskCommand.at(s.getNextFireAt(), now);
        }
        return s.getPaused() ? "none while paused" : "never";
    }

    /** What {@code create}, {@code pause} and {@code resume} print: which schedule, and when it fires next. */
    static FieldList summary(RecurringSchedule s, long now) {
        return new FieldList()
                .add("id", s.getId())
                .add("spec", spec(s))
                .add("state", state(s))
                .add("next fire", nextFire(s, now));
    }

    static FieldList fields(RecurringSchedule s, long now) {
        Task task = s.getTask();
        FieldList fields = new FieldList()
                .add("id", s.getId())
                .add("spec", spec(s))
                .add("state", state(s))
                .add("overlap", OverlapPolicyConverter.name(s.getOverlap()))
                .add("max catch-up", s.getMaxCatchUp())
                .add("next fire", nextFire(s, now))
                .add("last fired", TaskCommand.time(s.getLastFiredAt(), now, null))
                .add("last task", s.getLastTaskId())
                .add("fired", s.getFired())
                .add("skipped", s.getSkipped())
                .add("missed", s.getMissed())
                .add("last error", s.getLastError())
                .add("created", TaskCommand.time(s.getCreatedAt(), now, null))
                .add("payload", TaskCommand.payload(task.getPayload()))
                .add("queue", task.getQueue())
                .add("priority", HumanText.priority(task.getPriority()))
                .add("max attempts", task.getMaxAttempts() == 0 ? "" : task.getMaxAttempts());
        // As for a task: shown only when set.
        if (task.hasStartToClose()) {
            fields.add("task timeout", TaskCommand.limit(task.getStartToClose()));
        }
        if (task.hasScheduleToStart()) {
            fields.add("start within", TaskCommand.limit(task.getScheduleToStart()));
        }
        if (task.hasHeartbeatTimeout()) {
            fields.add("heartbeat timeout", TaskCommand.limit(task.getHeartbeatTimeout()));
        }
        if (!task.getSelector().isEmpty()) {
            fields.add("selector", task.getSelector());
        }
        return fields;
    }

    static Table table(List<RecurringSchedule> schedules, long now) {
        Table table = new Table(
                "ID", "SPEC", "OVERLAP", "STATE", "NEXT FIRE", "LAST FIRED", "FIRED/SKIPPED/MISSED", "LAST TASK");
        for (RecurringSchedule s : schedules) {
            table.row(
                    s.getId(),
                    spec(s),
                    OverlapPolicyConverter.name(s.getOverlap()),
                    state(s),
                    s.hasNextFireAt()
                            ? "in " + HumanText.duration(Duration.ofMillis(HumanText.millis(s.getNextFireAt()) - now))
                            : "-",
                    s.hasLastFiredAt() ? HumanText.age(s.getLastFiredAt(), now) + " ago" : "-",
                    s.getFired() + "/" + s.getSkipped() + "/" + s.getMissed(),
                    s.getLastTaskId().isEmpty() ? "-" : s.getLastTaskId());
        }
        return table;
    }
}
