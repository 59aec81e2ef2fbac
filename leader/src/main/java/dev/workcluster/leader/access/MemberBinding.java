package dev.workcluster.leader.access;

import dev.workcluster.proto.cluster.v1.HeartbeatRequest;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.LeaveRequest;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import io.grpc.Status;
import java.util.function.Function;

/**
 * Holds a caller with the {@code worker} role to its own member id (the CN of its certificate):
 * it joins, leaves, heartbeats and opens a session only as that member, and reports outcomes
 * only for tasks assigned to it. Other roles pass; {@link AccessPolicy} has already decided
 * whether they may call at all.
 */
public final class MemberBinding implements RequestCheck {
    private final Function<String, String> assigneeOfTask;

    /** {@code assigneeOfTask}: the member a task is assigned to, or null or "" when it is unknown or unassigned. */
    public MemberBinding(Function<String, String> assigneeOfTask) {
        this.assigneeOfTask = assigneeOfTask;
    }

    @Override
    public Status refusal(String fullMethodName, Object request) {
        Caller caller = Caller.CURRENT.get();
        if (caller == null || caller.role() != Role.WORKER) {
            return null;
        }
        if (request instanceof TaskCompleteRequest complete) {
            String assignee = assigneeOfTask.apply(complete.getId());
            return assignee == null || assignee.isEmpty() || assignee.equals(caller.principal())
                    ? null
                    : Status.PERMISSION_DENIED.withDescription(
                            caller.describe() + " may report only its own tasks; task '" + complete.getId()
                                    + "' runs on member '" + assignee + "' (" + fullMethodName + ")");
        }
        String member = memberOf(request);
        return member == null || member.equals(caller.principal())
                ? null
                : Status.PERMISSION_DENIED.withDescription(caller.describe() + " may act only for member '"
                        + caller.principal() + "', not '" + member + "' (" + fullMethodName + ")");
    }

    /** The member id a worker's request acts for, or null when it names none. */
    private static String memberOf(Object request) {
        if (request instanceof JoinRequest join) {
            return join.getId();
        }
        if (request instanceof LeaveRequest leave) {
            return leave.getId();
        }
        if (request instanceof HeartbeatRequest heartbeat) {
            return heartbeat.getId();
        }
        if (request instanceof SessionRequest session && session.hasHello()) {
            return session.getHello().getWorkerId();
        }
        return null;
    }
}
