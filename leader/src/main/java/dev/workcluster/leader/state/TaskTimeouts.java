package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Results.quote;

import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ReleaseDueTasks;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.TimeOutTask;
import java.util.function.LongSupplier;

/**
 * Applies what the leader's timers decided: due SCHEDULED tasks released, runs and waits that
 * outlasted their limits ended. The leader stamps the time; apply checks the facts again against
 * it ({@link TaskDeadlines}), so a timeout that is stale (the run ended, another began, progress
 * was lost with a leader change and the clock is behind) or repeated changes nothing.
 */
final class TaskTimeouts {
    private final TaskTable tasks;
    private final MemberTable members;
    private final TaskCommands taskCommands;
    private final LongSupplier nextQueueOrder;

    TaskTimeouts(TaskTable tasks, MemberTable members, TaskCommands taskCommands, LongSupplier nextQueueOrder) {
        this.tasks = tasks;
        this.members = members;
        this.taskCommands = taskCommands;
        this.nextQueueOrder = nextQueueOrder;
    }

    /** Releases each named task that is SCHEDULED and due by {@code now}; skips the others. */
    CommandResult releaseDue(ReleaseDueTasks cmd, long now) {
        for (String id : cmd.getTaskIdsList()) {
            TaskRecord task = tasks.get(id);
            if (task != null && TaskDeadlines.releaseAt(task) <= now) {
                tasks.release(task, nextQueueOrder.getAsLong());
            }
        }
        return Results.OK;
    }

    CommandResult timeOut(TimeOutTask cmd, long now) {
        TaskRecord task = tasks.get(cmd.getTaskId());
        if (task == null) {
            return Results.taskNotFound(cmd.getTaskId());
        }
        return switch (cmd.getKind()) {
            case TIMEOUT_KIND_SCHEDULE_TO_START -> notStarted(task, now);
            case TIMEOUT_KIND_START_TO_CLOSE -> endRun(cmd, task, TaskDeadlines.mustEndBy(task), now, "");
            case TIMEOUT_KIND_HEARTBEAT ->
                endRun(cmd, task, TaskDeadlines.silentAfter(task, 0), now, " without a heartbeat");
            case TIMEOUT_KIND_UNSPECIFIED, UNRECOGNIZED ->
                Results.reject(ResultCode.RESULT_CODE_INVALID_ARGUMENT, "unknown timeout kind " + cmd.getKindValue());
        };
    }

    private CommandResult notStarted(TaskRecord task, long now) {
        if (TaskDeadlines.mustStartBy(task) > now) {
            return stale(task, "is not waiting past its schedule_to_start");
        }
        task.recordError("not started within " + text(task.timing().scheduleToStartMillis()));
        tasks.finish(task, TaskStatus.ERROR, now);
        return Results.ok(task);
    }

    private CommandResult endRun(TimeOutTask cmd, TaskRecord task, long deadline, long now, String how) {
        if (cmd.getAttempt() == 0
                || cmd.getAssignment() == 0
                || !task.isCurrentRun(cmd.getAttempt(), cmd.getAssignment())
                || deadline > now) {
            return stale(task, "has no run " + cmd.getAttempt() + "/" + cmd.getAssignment() + " past that limit");
        }
        long limit = how.isEmpty()
                ? task.timing().startToCloseMillis()
                : task.timing().heartbeatTimeoutMillis();
        MemberRecord runningOn = members.get(task.memberId());
        taskCommands.stopOnMember(task);
        taskCommands.endAttempt(
                task,
                "timed out after " + text(limit) + how + " (attempt " + task.attempt() + " of " + task.maxAttempts()
                        + ")",
                now);
        CommandResult.Builder result = Results.ok(task).toBuilder();
        if (runningOn != null) {
            result.setStopMemberId(runningOn.id()).setStopAddress(runningOn.address());
        }
        return result.build();
    }

    private static CommandResult stale(TaskRecord task, String what) {
        return Results.reject(
                ResultCode.RESULT_CODE_FAILED_PRECONDITION,
                "task " + quote(task.id()) + " (" + task.status() + ", attempt " + task.attempt() + ", assignment "
                        + task.assignment() + ") " + what);
    }

    /** {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h}: how the CLI writes durations. */
    static String text(long millis) {
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
