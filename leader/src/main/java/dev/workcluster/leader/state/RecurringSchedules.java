package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Results.quote;

import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.CreateSchedule;
import dev.workcluster.leader.state.proto.DeleteSchedule;
import dev.workcluster.leader.state.proto.FireSchedule;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.SetSchedulePaused;
import dev.workcluster.leader.state.proto.StoredSchedule;
import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Recurring schedules and the commands about them. Every fire time arrives in the command, computed
 * by the leader from the schedule's cron or interval: apply never reads a clock or a calendar. A
 * firing makes the task {@code <schedule id>@<fire time>} through the ordinary intake, so a fire time
 * that somehow fired twice would still make one task. Deterministic, like the rest of the state.
 */
final class RecurringSchedules {
    /** Most schedules the state holds: each costs the leader a timer and a little memory. */
    static final int MAX_SCHEDULES = 10_000;

    static final int OVERLAP_ALLOW = 2;
    static final int OVERLAP_CANCEL_PREVIOUS = 3;

    private final NavigableMap<String, StoredSchedule> schedules = new TreeMap<>();
    private final TaskTable tasks;
    private final TaskIntake intake;
    private final TaskCommands taskCommands;

    RecurringSchedules(TaskTable tasks, TaskIntake intake, TaskCommands taskCommands) {
        this.tasks = tasks;
        this.intake = intake;
        this.taskCommands = taskCommands;
    }

    /** The id of the task a schedule's firing at {@code fireMillis} creates. */
    static String taskId(String scheduleId, long fireMillis) {
        return scheduleId + "@" + java.time.Instant.ofEpochMilli(fireMillis);
    }

    StoredSchedule get(String id) {
        return schedules.get(id);
    }

    Collection<StoredSchedule> all() {
        return Collections.unmodifiableCollection(schedules.values());
    }

    java.util.List<StoredSchedule> after(String afterId, int limit) {
        return schedules.tailMap(afterId, false).values().stream().limit(limit).toList();
    }

    void restore(StoredSchedule schedule) {
        schedules.put(schedule.getId(), schedule);
    }

    CommandResult create(CreateSchedule cmd, long now) {
        StoredSchedule wanted = cmd.getSchedule();
        StoredSchedule existing = schedules.get(wanted.getId());
        if (existing != null) {
            return sameDefinition(existing, wanted)
                    ? ok(existing)
                    : Results.reject(
                            ResultCode.RESULT_CODE_ALREADY_EXISTS,
                            "schedule " + quote(wanted.getId()) + " exists with another definition; delete it first");
        }
        if (schedules.size() >= MAX_SCHEDULES) {
            return Results.reject(
                    ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED,
                    "schedule limit reached: " + schedules.size() + " schedules exist; the limit is " + MAX_SCHEDULES);
        }
        StoredSchedule created = wanted.toBuilder().setCreatedMillis(now).build();
        schedules.put(created.getId(), created);
        return ok(created);
    }

    CommandResult setPaused(SetSchedulePaused cmd) {
        StoredSchedule schedule = schedules.get(cmd.getId());
        if (schedule == null) {
            return notFound(cmd.getId());
        }
        if (schedule.getPaused() == cmd.getPaused()) {
            return ok(schedule); // pausing a paused schedule (or resuming a running one) changes nothing
        }
        StoredSchedule.Builder changed = schedule.toBuilder().setPaused(cmd.getPaused());
        if (!cmd.getPaused()) {
            changed.setNextFireMillis(cmd.getNextFireMillis());
        }
        return ok(put(changed));
    }

    CommandResult delete(DeleteSchedule cmd) {
        StoredSchedule removed = schedules.remove(cmd.getId());
        return removed == null ? notFound(cmd.getId()) : ok(removed);
    }

    /**
     * Fires what the leader saw due. Stale (paused, deleted, fired or resumed since) = nothing
     * happens. Each fire time then follows the overlap policy against the schedule's last task.
     */
    CommandResult fire(FireSchedule cmd, long now) {
        StoredSchedule schedule = schedules.get(cmd.getId());
        if (schedule == null
                || schedule.getPaused()
                || schedule.getNextFireMillis() != cmd.getExpectedNextFireMillis()) {
            return Results.reject(
                    ResultCode.RESULT_CODE_FAILED_PRECONDITION,
                    "schedule " + quote(cmd.getId()) + " is no longer due at " + cmd.getExpectedNextFireMillis());
        }
        StoredSchedule.Builder fired = schedule.toBuilder()
                .setNextFireMillis(cmd.getNextFireMillis())
                .setMissed(schedule.getMissed() + cmd.getMissed());
        CommandResult.Builder result = CommandResult.newBuilder();
        for (long fireMillis : cmd.getFireMillisList()) {
            fireOnce(fired, fireMillis, now, result);
        }
        return result.setSchedule(put(fired)).build();
    }

    private void fireOnce(StoredSchedule.Builder schedule, long fireMillis, long now, CommandResult.Builder result) {
        schedule.setLastFiredMillis(fireMillis);
        TaskRecord previous = tasks.get(schedule.getLastTaskId());
        if (previous != null && !previous.status().isFinished()) {
            if (schedule.getOverlap() == OVERLAP_CANCEL_PREVIOUS) {
                CommandResult cancelled = taskCommands.cancel(
                        dev.workcluster.leader.state.proto.CancelTask.newBuilder()
                                .setId(previous.id())
                                .build(),
                        now);
                if (!cancelled.getStopMemberId().isEmpty()) { // where to stop it: the proposer sends StopWork
                    result.setTask(cancelled.getTask())
                            .setStopMemberId(cancelled.getStopMemberId())
                            .setStopAddress(cancelled.getStopAddress());
                }
            } else if (schedule.getOverlap() != OVERLAP_ALLOW) {
                schedule.setSkipped(schedule.getSkipped() + 1)
                        .setLastError("skipped: task " + quote(previous.id()) + " is still " + previous.status());
                return;
            }
        }
        String taskId = taskId(schedule.getId(), fireMillis);
        CommandResult created =
                intake.schedule(schedule.getTask().toBuilder().setId(taskId).build(), now);
        if (created.getCode() != ResultCode.RESULT_CODE_OK) {
            schedule.setSkipped(schedule.getSkipped() + 1).setLastError(created.getMessage());
            return;
        }
        schedule.setFired(schedule.getFired() + 1).setLastTaskId(taskId).setLastError("");
        result.addTasks(created.getTask());
    }

    private StoredSchedule put(StoredSchedule.Builder changed) {
        StoredSchedule schedule = changed.build();
        schedules.put(schedule.getId(), schedule);
        return schedule;
    }

    /** What the client defined, leaving out what the leader keeps about it. */
    private static boolean sameDefinition(StoredSchedule a, StoredSchedule b) {
        return a.getCron().equals(b.getCron())
                && a.getTimeZone().equals(b.getTimeZone())
                && a.getEveryMillis() == b.getEveryMillis()
                && a.getTask().equals(b.getTask())
                && a.getOverlap() == b.getOverlap()
                && a.getMaxCatchUp() == b.getMaxCatchUp();
    }

    private static CommandResult ok(StoredSchedule schedule) {
        return CommandResult.newBuilder().setSchedule(schedule).build();
    }

    private static CommandResult notFound(String id) {
        return Results.reject(ResultCode.RESULT_CODE_NOT_FOUND, "schedule " + quote(id) + " not found");
    }
}
