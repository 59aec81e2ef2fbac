package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.StateChanges;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.TaskStatus;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.ReleaseTask;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.TimeOutTask;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's half of a task's story, at DEBUG, one line per step, as entries are applied: what the
 * entry's commands committed (a task scheduled, a worker's outcome, a run released), then where each
 * task it changed stands now (assigned, back in the queue, ended). Both are needed: one entry can
 * schedule a task and place it, or take a failed attempt's outcome and assign the retry. Only the node
 * with the leader's duties tells it, so a follower's log does not repeat every line.
 *
 * <p>Per task, so DEBUG only: at INFO nothing here costs more than one level check per entry.
 */
public final class TaskTrail {
    private static final Logger log = LoggerFactory.getLogger(TaskTrail.class);

    private final BooleanSupplier dispatching;

    /** {@code dispatching}: whether this node holds the leader's duties now. */
    public TaskTrail(BooleanSupplier dispatching) {
        this.dispatching = dispatching;
    }

    /** Called under the state's write lock, right after the entry was applied. */
    public void applied(ClusterState state, StateChanges changes, CommandBatch batch, List<CommandResult> results) {
        if (!log.isDebugEnabled() || changes.tasks().isEmpty() || !dispatching.getAsBoolean()) {
            return;
        }
        for (int i = 0; i < batch.getCommandsCount() && i < results.size(); i++) {
            committed(batch.getCommands(i), results.get(i), changes.tasks());
        }
        for (String taskId : changes.tasks()) {
            TaskRecord task = state.task(taskId);
            if (task != null) {
                standing(task);
            }
        }
    }

    private static void committed(Command command, CommandResult result, Set<String> changed) {
        switch (command.getKindCase()) {
            case SCHEDULE_TASK -> scheduled(command.getScheduleTask(), result, changed);
            case SCHEDULE_TASKS ->
                command.getScheduleTasks().getTasksList().forEach(task -> scheduled(task, result, changed));
            case COMPLETE_TASK -> outcome(command.getCompleteTask());
            case RELEASE_TASK -> released(command.getReleaseTask(), result);
            case RELEASE_DUE_TASKS ->
                command.getReleaseDueTasks().getTaskIdsList().stream()
                        .filter(changed::contains)
                        .forEach(id -> TaskLog.about(log.atDebug(), id, 0, 0).log("event=task_due {}"));
            case TIME_OUT_TASK -> timedOut(command.getTimeOutTask(), result);
            default -> {}
        }
    }

    /** Only a task the entry added: scheduling an existing id again answers with it and changes nothing. */
    private static void scheduled(ScheduleTask task, CommandResult result, Set<String> changed) {
        if (result.getCode() == ResultCode.RESULT_CODE_OK && changed.contains(task.getId())) {
            TaskLog.about(log.atDebug(), task.getId(), 1, 0).log("event=task_scheduled {}");
        }
    }

    /** The report as the worker made it; a late one for a run that is over is committed but changes nothing. */
    private static void outcome(CompleteTask report) {
        TaskLog.about(log.atDebug(), report.getId(), report.getAttempt(), report.getAssignment())
                .log(
                        "event=task_outcome_committed {} member={} success={} non_retryable={}",
                        report.getMemberId(),
                        !report.getFailed(),
                        report.getNonRetryable());
    }

    private static void released(ReleaseTask release, CommandResult result) {
        if (result.getCode() == ResultCode.RESULT_CODE_OK) {
            TaskLog.about(log.atDebug(), release.getTaskId(), release.getAttempt(), release.getAssignment())
                    .log(
                            "event=task_release_committed {} member={} attempt_used={}",
                            release.getMemberId(),
                            release.getAttemptUsed());
        }
    }

    private static void timedOut(TimeOutTask timeout, CommandResult result) {
        if (result.getCode() == ResultCode.RESULT_CODE_OK) {
            TaskLog.about(log.atDebug(), timeout.getTaskId(), timeout.getAttempt(), timeout.getAssignment())
                    .log("event=task_timeout_committed {} kind={}", timeout.getKind());
        }
    }

    /**
     * Where the task stands after the entry. Back in the queue, its attempt is the one it waits to run and
     * its assignment the run that ended; a task never assigned was just scheduled, said above.
     */
    private static void standing(TaskRecord task) {
        if (task.status() == TaskStatus.RUNNING) {
            TaskLog.about(log.atDebug(), task.id(), task.attempt(), task.assignment())
                    .log("event=task_assigned {} member={}", task.memberId());
        } else if (task.status() == TaskStatus.PENDING && task.assignment() != 0) {
            TaskLog.about(log.atDebug(), task.id(), task.attempt(), task.assignment())
                    .log("event=task_requeued {} max_attempts={}", task.maxAttempts());
        } else if (task.status().isFinished()) {
            TaskLog.about(log.atDebug(), task.id(), task.attempt(), task.assignment())
                    .log("event=task_ended {} status={}", task.status());
        }
    }
}
