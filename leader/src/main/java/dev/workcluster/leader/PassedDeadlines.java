package dev.workcluster.leader;

import dev.workcluster.leader.cluster.TaskTimers;
import dev.workcluster.leader.scheduler.LeaderCore;
import dev.workcluster.leader.scheduler.TaskLog;
import dev.workcluster.leader.state.TaskDeadlines;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ReleaseDueTasks;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.TimeOutTask;
import dev.workcluster.leader.state.proto.TimeoutKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on the task deadlines {@link TaskTimers} saw pass: proposes one {@code ReleaseDueTasks} for the
 * due SCHEDULED tasks and a {@code TimeOutTask} for each wait or run past its limit, stamped with the
 * leader's clock. A run that timed out is stopped on its worker the way a cancel stops it. Whatever
 * became of a proposal, the task's timer is then set again from the applied state (a proposal that
 * failed to commit is looked at again a second later), so no deadline is lost and none acts twice.
 */
final class PassedDeadlines {
    private static final Logger log = LoggerFactory.getLogger(PassedDeadlines.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final LeaderCore core;
    private final Clock clock;
    private final BooleanSupplier leading;

    PassedDeadlines(LeaderCore core, BooleanSupplier leading) {
        this.core = core;
        this.clock = core.proposer().clock();
        this.leading = leading;
    }

    /** Called by {@link TaskTimers} with the tasks whose earliest deadline has come. */
    void due(List<String> taskIds) {
        if (!leading.getAsBoolean()) {
            return;
        }
        long now = clock.millis();
        TaskTimers timers = core.taskTimers();
        List<String> release = new ArrayList<>();
        List<TimeOutTask> timeouts = new ArrayList<>();
        core.state().read(s -> {
            for (String id : taskIds) {
                TaskRecord task = s.task(id);
                if (task == null) {
                    continue;
                }
                TimeoutKind kind = passed(task, timers.lastSignOfLife(task), now);
                if (TaskDeadlines.releaseAt(task) <= now) {
                    release.add(id);
                } else if (kind != null) { // one at a time: what remains is due again once this applied
                    timeouts.add(TimeOutTask.newBuilder()
                            .setTaskId(id)
                            .setKind(kind)
                            .setAttempt(task.attempt())
                            .setAssignment(task.assignment())
                            .build());
                } else {
                    timers.arm(task); // not yet: progress came, or the timer fired early
                }
            }
            return null;
        });
        if (!release.isEmpty()) {
            propose(
                    release,
                    Command.newBuilder()
                            .setReleaseDueTasks(ReleaseDueTasks.newBuilder().addAllTaskIds(release)));
        }
        timeouts.forEach(this::timeOut);
    }

    private static TimeoutKind passed(TaskRecord task, long lastSignOfLife, long now) {
        if (TaskDeadlines.mustStartBy(task) <= now) {
            return TimeoutKind.TIMEOUT_KIND_SCHEDULE_TO_START;
        }
        if (TaskDeadlines.mustEndBy(task) <= now) {
            return TimeoutKind.TIMEOUT_KIND_START_TO_CLOSE;
        }
        if (TaskDeadlines.silentAfter(task, lastSignOfLife) <= now) {
            return TimeoutKind.TIMEOUT_KIND_HEARTBEAT;
        }
        return null;
    }

    private void timeOut(TimeOutTask timeout) {
        propose(List.of(timeout.getTaskId()), Command.newBuilder().setTimeOutTask(timeout))
                .thenAccept(result -> {
                    if (result.getCode() != ResultCode.RESULT_CODE_OK) {
                        TaskLog.about(log.atInfo(), timeout.getTaskId(), timeout.getAttempt(), timeout.getAssignment())
                                .log(
                                        "event=task_timeout_stale {} kind={} reason=\"{}\"",
                                        timeout.getKind(),
                                        result.getMessage());
                        return;
                    }
                    TaskLog.about(log.atInfo(), timeout.getTaskId(), timeout.getAttempt(), timeout.getAssignment())
                            .log(
                                    "event=task_timed_out {} kind={} error=\"{}\"",
                                    timeout.getKind(),
                                    result.getTask().getError());
                    if (!result.getStopMemberId().isEmpty()) {
                        core.deliveries()
                                .stopWork(
                                        result.getStopMemberId(),
                                        result.getStopAddress(),
                                        timeout.getTaskId(),
                                        timeout.getAttempt(),
                                        timeout.getAssignment(),
                                        result.getTask().getError());
                    }
                });
    }

    /** Proposes; once the command's fate is known, sets the tasks' timers again from the applied state. */
    private CompletableFuture<CommandResult> propose(List<String> taskIds, Command.Builder command) {
        return core.proposer().propose(command).whenComplete((result, error) -> {
            if (error != null && leading.getAsBoolean()) {
                log.warn("event=task_deadline_proposal_failed tasks={} error={}", taskIds.size(), error.toString());
                taskIds.forEach(id -> core.taskTimers().retry(id, RETRY));
                return;
            }
            core.state().read(s -> {
                taskIds.forEach(id -> {
                    TaskRecord task = s.task(id);
                    if (task != null) {
                        core.taskTimers().arm(task);
                    }
                });
                return null;
            });
        });
    }
}
