package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Results.quote;

import dev.workcluster.leader.state.proto.AssignTask;
import dev.workcluster.leader.state.proto.CancelTask;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.ReleaseTask;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.ScheduleTask;
import java.nio.charset.StandardCharsets;

/** Applies the task commands. Deterministic: time arrives as an argument. */
final class TaskCommands {
    private final TaskTable tasks;
    private final MemberTable members;
    private StateLimits limits;
    private long nextSequence;

    TaskCommands(TaskTable tasks, MemberTable members, StateLimits limits, long nextSequence) {
        this.tasks = tasks;
        this.members = members;
        this.limits = limits;
        this.nextSequence = nextSequence;
    }

    void limits(StateLimits inForce) {
        this.limits = inForce;
    }

    long nextSequence() {
        return nextSequence;
    }

    CommandResult schedule(ScheduleTask cmd, long now) {
        if (cmd.getId().isEmpty() || cmd.getPayload().isEmpty()) {
            return Results.reject(ResultCode.RESULT_CODE_INVALID_ARGUMENT, "task id and payload must not be empty");
        }
        if (!Priority.isKnown(cmd.getPriority())) {
            return Results.reject(ResultCode.RESULT_CODE_INVALID_ARGUMENT, "unknown task priority " + cmd.getPriority());
        }
        TaskRecord existing = tasks.get(cmd.getId());
        if (existing != null) {
            return existing.payload().equals(cmd.getPayload())
                    ? Results.ok(existing)
                    : Results.reject(ResultCode.RESULT_CODE_ALREADY_EXISTS,
                            "task " + quote(cmd.getId()) + " already exists with a different payload");
        }
        int payloadBytes = cmd.getPayload().getBytes(StandardCharsets.UTF_8).length;
        if (payloadBytes > limits.maxPayloadBytes()) {
            return Results.reject(ResultCode.RESULT_CODE_INVALID_ARGUMENT, "payload of task " + quote(cmd.getId())
                    + " is " + payloadBytes + " bytes, over the limit of " + limits.maxPayloadBytes());
        }
        if (tasks.pendingCount() >= limits.maxQueuedTasks()) {
            return Results.reject(ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED,
                    "queue is full: " + limits.maxQueuedTasks() + " tasks pending");
        }
        long requested = Integer.toUnsignedLong(cmd.getMaxAttempts()); // uint32 on the wire
        if (requested > limits.maxAttemptsCeiling()) {
            return Results.reject(ResultCode.RESULT_CODE_INVALID_ARGUMENT,
                    "max_attempts " + requested + " is over the limit of " + limits.maxAttemptsCeiling());
        }
        int maxAttempts = requested == 0 ? limits.defaultMaxAttempts() : (int) requested;
        TaskRecord task = new TaskRecord(cmd.getId(), cmd.getPayload(), Priority.fromWireNumber(cmd.getPriority()),
                maxAttempts, nextSequence++, now);
        tasks.add(task);
        return Results.ok(task);
    }

    CommandResult cancel(CancelTask cmd, long now) {
        TaskRecord task = tasks.get(cmd.getId());
        if (task == null) {
            return Results.taskNotFound(cmd.getId());
        }
        if (task.status().isFinished()) {
            return Results.ok(task);
        }
        MemberRecord runningOn = task.status() == TaskStatus.RUNNING ? members.get(task.memberId()) : null;
        if (runningOn != null) {
            runningOn.stopped(task.id());
        }
        tasks.finish(task, TaskStatus.CANCELLED, now);
        CommandResult.Builder result = Results.ok(task).toBuilder();
        if (runningOn != null) {
            result.setStopMemberId(runningOn.id()).setStopAddress(runningOn.address());
        }
        return result.build();
    }

    CommandResult assign(AssignTask cmd, long now) {
        TaskRecord task = tasks.get(cmd.getTaskId());
        if (task == null) {
            return Results.taskNotFound(cmd.getTaskId());
        }
        if (task.status() != TaskStatus.PENDING || task.attempt() != cmd.getAttempt()) {
            return stale("task " + quote(task.id()) + " is " + task.status() + " at attempt " + task.attempt());
        }
        MemberRecord member = members.get(cmd.getMemberId());
        if (member == null || member.freeSlots() == 0) {
            return stale("member " + quote(cmd.getMemberId()) + " has no free slot");
        }
        tasks.start(task, member.id(), now);
        member.started(task.id());
        return Results.OK;
    }

    CommandResult complete(CompleteTask cmd, long now) {
        TaskRecord task = tasks.get(cmd.getId());
        if (task == null) {
            return Results.taskNotFound(cmd.getId());
        }
        if (!task.isCurrentRun(cmd.getAttempt(), cmd.getAssignment())) {
            return Results.OK; // a late report for a cancelled, requeued or finished attempt changes nothing
        }
        stopOnMember(task);
        if (cmd.getFailed() && cmd.getNonRetryable()) {
            task.recordError(cmd.getError());
            tasks.finish(task, TaskStatus.ERROR, now);
        } else if (cmd.getFailed()) {
            endAttempt(task, cmd.getError(), now);
        } else {
            task.recordResult(cmd.getResult());
            tasks.finish(task, TaskStatus.COMPLETED, now);
        }
        return Results.OK;
    }

    CommandResult release(ReleaseTask cmd) {
        TaskRecord task = tasks.get(cmd.getTaskId());
        if (task == null) {
            return Results.taskNotFound(cmd.getTaskId());
        }
        if (cmd.getAttempt() == 0 || !task.isCurrentRun(cmd.getAttempt(), cmd.getAssignment())
                || !task.memberId().equals(cmd.getMemberId())) {
            return stale("task " + quote(task.id()) + " is no longer assigned to " + quote(cmd.getMemberId()));
        }
        stopOnMember(task);
        tasks.requeue(task);
        return Results.OK;
    }

    /**
     * Ends the running attempt of a task as failed: retried while attempts remain
     * (PENDING, attempt + 1), otherwise ERROR. The error text is kept either way.
     */
    void endAttempt(TaskRecord task, String error, long now) {
        task.recordError(error);
        if (task.attempt() < task.maxAttempts()) {
            task.nextAttempt();
            tasks.requeue(task);
        } else {
            tasks.finish(task, TaskStatus.ERROR, now);
        }
    }

    private void stopOnMember(TaskRecord task) {
        MemberRecord member = members.get(task.memberId());
        if (member != null) {
            member.stopped(task.id());
        }
    }

    private static CommandResult stale(String message) {
        return Results.reject(ResultCode.RESULT_CODE_FAILED_PRECONDITION, message);
    }
}
