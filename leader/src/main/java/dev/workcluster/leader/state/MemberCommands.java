package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.AttemptRef;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ExpireMember;
import dev.workcluster.leader.state.proto.JoinMember;
import dev.workcluster.leader.state.proto.LeaveMember;
import dev.workcluster.leader.state.proto.ResultCode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Applies the membership commands, handing a departed member's running tasks back to the queue. */
final class MemberCommands {
    private final TaskTable tasks;
    private final MemberTable members;
    private final TaskCommands taskCommands;

    MemberCommands(TaskTable tasks, MemberTable members, TaskCommands taskCommands) {
        this.tasks = tasks;
        this.members = members;
        this.taskCommands = taskCommands;
    }

    CommandResult join(JoinMember cmd, long now) {
        if (cmd.getId().isEmpty() || cmd.getSlots() <= 0) {
            return Results.reject(
                    ResultCode.RESULT_CODE_INVALID_ARGUMENT, "member id must not be empty and slots must be > 0");
        }
        Transport transport = Transport.fromProto(cmd.getTransport());
        MemberRecord member = members.get(cmd.getId());
        boolean sameProcess = member != null
                && !cmd.getInstance().isEmpty()
                && cmd.getInstance().equals(member.instance());
        if (member == null) {
            member = new MemberRecord(cmd.getId(), cmd.getAddress(), transport, cmd.getSlots(), now);
            members.put(member);
        } else {
            members.rejoin(member, cmd.getAddress(), transport, cmd.getSlots(), now);
        }
        member.instance(cmd.getInstance());
        member.labels(cmd.getLabelsMap());
        member.queues(cmd.getQueuesList());
        return reconcile(member, cmd.getRunningList(), sameProcess, now).toBuilder()
                .setIncarnation(member.incarnation())
                .build();
    }

    /**
     * Keeps the assignments the worker confirms it still runs and requeues the rest
     * (a push worker reports nothing: one that joins again has restarted, and what it
     * ran is gone with the old process). The same process reconnecting reports every
     * run it received (running or finished but unacknowledged), so what it leaves out
     * never reached it and goes back without using an attempt; a new process may have
     * run it, so that costs one. Attempts the worker reports that are not its current
     * assignments come back in the result, to be stopped.
     */
    private CommandResult reconcile(MemberRecord member, List<AttemptRef> reported, boolean sameProcess, long now) {
        Set<String> confirmed = new HashSet<>();
        CommandResult.Builder result = CommandResult.newBuilder();
        for (AttemptRef attempt : reported) {
            TaskRecord task = tasks.get(attempt.getTaskId());
            boolean ours = task != null
                    && attempt.getAttempt() != 0
                    && task.isCurrentRunOf(member.id(), attempt.getAttempt(), attempt.getAssignment());
            if (ours) {
                confirmed.add(task.id());
            } else {
                result.addStopAttempts(attempt);
            }
        }
        for (String taskId : List.copyOf(member.runningTaskIds())) {
            if (confirmed.contains(taskId)) {
                continue;
            }
            if (sameProcess) {
                member.stopped(taskId);
                TaskRecord task = tasks.get(taskId);
                if (task != null && task.status() == TaskStatus.RUNNING) {
                    tasks.requeue(task);
                }
            } else {
                requeue(member, taskId, "worker " + Results.quote(member.id()) + " rejoined without the task", now);
            }
        }
        return result.build();
    }

    CommandResult leave(LeaveMember cmd, long now) {
        MemberRecord member = members.get(cmd.getId());
        if (member == null) {
            return Results.memberNotFound(cmd.getId());
        }
        requeueRunning(member, "worker " + Results.quote(member.id()) + " left while running the task", now);
        members.remove(member);
        return Results.OK;
    }

    CommandResult expire(ExpireMember cmd, long now) {
        MemberRecord member = members.get(cmd.getId());
        if (member == null) {
            return Results.memberNotFound(cmd.getId());
        }
        if (member.expired()) {
            return Results.OK;
        }
        if (cmd.getIncarnation() != 0 && cmd.getIncarnation() != member.incarnation()) {
            return Results.reject(
                    ResultCode.RESULT_CODE_FAILED_PRECONDITION,
                    "member " + Results.quote(member.id())
                            + " joined again since: incarnation " + cmd.getIncarnation() + " was meant, it is at "
                            + member.incarnation());
        }
        requeueRunning(
                member, "worker " + Results.quote(member.id()) + " stopped heartbeating while running the task", now);
        members.expire(member, now);
        return Results.OK;
    }

    private void requeueRunning(MemberRecord member, String reason, long now) {
        for (String taskId : List.copyOf(member.runningTaskIds())) {
            requeue(member, taskId, reason, now);
        }
    }

    private void requeue(MemberRecord member, String taskId, String reason, long now) {
        member.stopped(taskId);
        TaskRecord task = tasks.get(taskId);
        if (task != null && task.status() == TaskStatus.RUNNING) {
            taskCommands.endAttempt(
                    task, reason + " (attempt " + task.attempt() + " of " + task.maxAttempts() + ")", now);
        }
    }
}
