package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares what a library worker says it runs (each heartbeat) with what the applied
 * state says it runs, and plans the repairs both ways. A run the worker reports but the
 * state does not give it is stopped. A run the state gives it but the worker does not
 * report, two heartbeats in a row and assigned longer ago than {@code settleMillis}, is
 * started again (its start may have been lost; the worker ignores one it already has).
 * An unacknowledged outcome for a run that is over is acknowledged, so the worker forgets it.
 * Reads only; call it under the state's read lock.
 */
public final class RunReconciliation {
    /** What to do: starts to send again, attempts to stop, outcomes to acknowledge. */
    public record Repairs(
            List<Assignment> start, List<TaskAttempt> stop, List<TaskAttempt> acknowledge, Set<String> missing) {
        public boolean isEmpty() {
            return start.isEmpty() && stop.isEmpty() && acknowledge.isEmpty();
        }
    }

    private RunReconciliation() {}

    /**
     * @param missingBefore runs of this member the previous heartbeat did not report
     *                      ({@link Repairs#missing} of the last call)
     * @param assignedBeforeMillis only runs assigned before this (leader clock) are started again
     */
    public static Repairs compare(
            ClusterState state,
            String memberId,
            List<TaskAttempt> running,
            List<TaskAttempt> unacknowledged,
            Set<String> missingBefore,
            long assignedBeforeMillis) {
        MemberRecord member = state.member(memberId);
        List<Assignment> start = new ArrayList<>();
        List<TaskAttempt> stop = new ArrayList<>();
        List<TaskAttempt> acknowledge = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (TaskAttempt attempt : running) {
            reported.add(attempt.getTaskId());
            if (!isCurrentRunOf(state, member, attempt)) {
                stop.add(attempt);
            }
        }
        for (TaskAttempt attempt : unacknowledged) {
            reported.add(attempt.getTaskId());
            if (!isCurrentRunOf(state, member, attempt)) {
                acknowledge.add(attempt);
            }
        }
        Set<String> missing = new HashSet<>();
        if (member != null && member.alive()) {
            for (String taskId : member.runningTaskIds()) {
                TaskRecord task = state.task(taskId);
                if (reported.contains(taskId) || task == null || task.startedMillis() >= assignedBeforeMillis) {
                    continue;
                }
                if (missingBefore.contains(taskId)) {
                    start.add(AppliedAssignments.of(task, member));
                } else {
                    missing.add(taskId);
                }
            }
        }
        return new Repairs(start, stop, acknowledge, missing);
    }

    private static boolean isCurrentRunOf(ClusterState state, MemberRecord member, TaskAttempt attempt) {
        TaskRecord task = state.task(attempt.getTaskId());
        return member != null
                && member.alive()
                && task != null
                && attempt.getAssignment() != 0
                && task.isCurrentRunOf(member.id(), attempt.getAttempt(), attempt.getAssignment());
    }
}
