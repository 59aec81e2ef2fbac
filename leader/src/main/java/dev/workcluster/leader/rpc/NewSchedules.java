package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;
import static dev.workcluster.leader.rpc.Requests.quote;

import dev.workcluster.leader.schedules.FireTimes;
import dev.workcluster.leader.state.proto.CreateSchedule;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.StoredSchedule;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Checks a recurring schedule a client creates and turns it into its log command, with its first
 * fire time from this leader's clock. Each failure names the field and the limit.
 */
final class NewSchedules {
    static final int MAX_ID_LENGTH = 200;
    static final Duration MIN_EVERY = Duration.ofSeconds(1);
    static final Duration MAX_EVERY = Duration.ofDays(366);
    static final int MAX_CATCH_UP = 100;

    private final NewTasks newTasks;
    private final LongSupplier nowMillis;

    NewSchedules(NewTasks newTasks, LongSupplier nowMillis) {
        this.newTasks = newTasks;
        this.nowMillis = nowMillis;
    }

    static String id(String field, String value) {
        Requests.id(field, value);
        if (value.length() > MAX_ID_LENGTH) {
            throw invalid(field + " is " + value.length() + " characters, over the limit of " + MAX_ID_LENGTH
                    + " for a schedule (its tasks' ids add the fire time)");
        }
        if (!value.matches("[A-Za-z0-9._-]+")) {
            throw invalid(field + " " + quote(value) + " may hold only letters, digits, '.', '_' and '-'");
        }
        return value;
    }

    CreateSchedule command(RecurringSchedule schedule) {
        String id = id("schedule.id", schedule.getId());
        StoredSchedule.Builder stored = StoredSchedule.newBuilder().setId(id);
        FireTimes times = fireTimes(schedule, stored);
        if (!schedule.hasTask()) {
            throw invalid("schedule.task is required: it is what each firing schedules (at least a payload)");
        }
        if (!schedule.getTask().getId().isEmpty()) {
            throw invalid("schedule.task.id must be empty: each firing's task is named " + quote(id)
                    + " + '@' + its fire time");
        }
        if (schedule.getTask().hasRunAt() || schedule.getTask().hasDelay()) {
            throw invalid("schedule.task.run_at and schedule.task.delay must be empty: the schedule says when");
        }
        ScheduleTask task = newTasks.command(
                "schedule.task", schedule.getTask().toBuilder().setId(id).build());
        int overlap = schedule.getOverlapValue();
        if (overlap < 0 || overlap > 3) {
            throw invalid("schedule.overlap " + overlap + " is not an OverlapPolicy");
        }
        long catchUp = Integer.toUnsignedLong(schedule.getMaxCatchUp()); // uint32: above 2^31 it reads negative
        if (catchUp > MAX_CATCH_UP) {
            throw invalid("schedule.max_catch_up " + catchUp + " is over the limit of " + MAX_CATCH_UP);
        }
        long first = times.firstAfter(nowMillis.getAsLong());
        if (first == FireTimes.NEVER) {
            throw invalid("schedule.cron " + quote(schedule.getCron()) + " never fires");
        }
        return CreateSchedule.newBuilder()
                .setSchedule(stored.setTask(task.toBuilder().clearId())
                        .setOverlap(overlap == 0 ? 1 : overlap)
                        .setMaxCatchUp(Math.max(1, schedule.getMaxCatchUp()))
                        .setNextFireMillis(first))
                .build();
    }

    /** 500ms, 90s, 367 days: from the seconds and nanos, which hold any value a client sends without overflow. */
    private static String text(Duration every) {
        if (every.isNegative() || every.getSeconds() >= 1) {
            long seconds = every.getSeconds();
            return seconds > 0 && seconds % 86_400 == 0 ? seconds / 86_400 + " days" : seconds + "s";
        }
        int nanos = every.getNano();
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos + "ns";
    }

    private static FireTimes fireTimes(RecurringSchedule schedule, StoredSchedule.Builder stored) {
        boolean cron = !schedule.getCron().isBlank();
        if (cron == schedule.hasEvery()) {
            throw invalid("schedule needs exactly one of cron and every, got " + (cron ? "both" : "neither"));
        }
        if (!cron) {
            if (!schedule.getTimeZone().isEmpty()) {
                throw invalid("schedule.time_zone applies to cron only; every counts from the schedule's creation");
            }
            Duration every = Duration.ofSeconds(
                    schedule.getEvery().getSeconds(), schedule.getEvery().getNanos());
            if (every.compareTo(MIN_EVERY) < 0 || every.compareTo(MAX_EVERY) > 0) {
                throw invalid("schedule.every " + text(every) + " is outside 1s to " + MAX_EVERY.toDays() + " days");
            }
            stored.setEveryMillis(every.toMillis());
            return FireTimes.every(every.toMillis());
        }
        try {
            FireTimes times = FireTimes.cron(schedule.getCron(), schedule.getTimeZone());
            stored.setCron(schedule.getCron()).setTimeZone(schedule.getTimeZone());
            return times;
        } catch (IllegalArgumentException e) {
            throw invalid("schedule.cron: " + e.getMessage());
        }
    }
}
