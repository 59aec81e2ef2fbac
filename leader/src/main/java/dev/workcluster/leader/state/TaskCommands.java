package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Results.quote;

import dev.workcluster.leader.state.proto.AssignTask;
import dev.workcluster.leader.state.proto.CancelTask;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.ReleaseTask;
import dev.workcluster.leader.state.proto.ResultCode;

/** Applies the commands about existing tasks. Deterministic: time arrives as an argument. */
final class TaskCommands {
    private final TaskTable tasks;
    private final MemberTable members;

    TaskCommands(TaskTable tasks, MemberTable members) {
        this.tasks = tasks;
        this.members = members;
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
        if (!member.takes(task.queue())) {
            return stale("member " + quote(member.id()) + " does not take queue " + quote(task.queue()));
        }
        QueueLoad queue = tasks.queues().load(task.queue());
        if (queue.settings().full(queue.running())) {
            return stale("queue " + quote(task.queue()) + " runs " + queue.running() + " tasks, its limit");
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
        if (!task.isCurrentRun(cmd.getAttempt(), cmd.getAssignment())
                || (!cmd.getMemberId().isEmpty() && !cmd.getMemberId().equals(task.memberId()))) {
            return Results.OK; // a late report for a cancelled, requeued or finished run changes nothing
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

    CommandResult release(ReleaseTask cmd, long now) {
        TaskRecord task = tasks.get(cmd.getTaskId());
        if (task == null) {
            return Results.taskNotFound(cmd.getTaskId());
        }
        if (cmd.getAttempt() == 0 || !task.isCurrentRunOf(cmd.getMemberId(), cmd.getAttempt(), cmd.getAssignment())) {
            return stale("task " + quote(task.id()) + " is no longer assigned to " + quote(cmd.getMemberId()));
        }
        stopOnMember(task);
        if (cmd.getAttemptUsed()) {
            endAttempt(task, cmd.getReason() + " (attempt " + task.attempt() + " of " + task.maxAttempts() + ")", now);
        } else {
            tasks.requeue(task);
        }
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

    void stopOnMember(TaskRecord task) {
        MemberRecord member = members.get(task.memberId());
        if (member != null) {
            member.stopped(task.id());
        }
    }

    private static CommandResult stale(String message) {
        return Results.reject(ResultCode.RESULT_CODE_FAILED_PRECONDITION, message);
    }
}
