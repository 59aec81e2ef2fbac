package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ExpireMember;
import dev.workcluster.leader.state.proto.JoinMember;
import dev.workcluster.leader.state.proto.LeaveMember;
import dev.workcluster.leader.state.proto.ResultCode;
import java.util.List;

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
            return Results.reject(ResultCode.RESULT_CODE_INVALID_ARGUMENT, "member id must not be empty and slots must be > 0");
        }
        Transport transport = Transport.fromProto(cmd.getTransport());
        MemberRecord member = members.get(cmd.getId());
        if (member == null) {
            members.put(new MemberRecord(cmd.getId(), cmd.getAddress(), transport, cmd.getSlots(), now));
            return Results.OK;
        }
        // A push worker that joins again has restarted: whatever it was running is gone with the old process.
        if (transport == Transport.PUSH) {
            requeueRunning(member, "worker " + Results.quote(member.id()) + " rejoined while running the task", now);
        }
        members.rejoin(member, cmd.getAddress(), transport, cmd.getSlots(), now);
        return Results.OK;
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
        requeueRunning(member, "worker " + Results.quote(member.id()) + " stopped heartbeating while running the task", now);
        members.expire(member, now);
        return Results.OK;
    }

    private void requeueRunning(MemberRecord member, String reason, long now) {
        for (String taskId : List.copyOf(member.runningTaskIds())) {
            member.stopped(taskId);
            TaskRecord task = tasks.get(taskId);
            if (task != null && task.status() == TaskStatus.RUNNING) {
                taskCommands.endAttempt(task, reason + " (attempt " + task.attempt() + " of " + task.maxAttempts() + ")", now);
            }
        }
    }
}
