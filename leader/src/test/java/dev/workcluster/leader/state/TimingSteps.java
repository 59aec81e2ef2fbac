package dev.workcluster.leader.state;

import dev.workcluster.leader.state.Targets.Ref;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.ReleaseDueTasks;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.TimeOutTask;
import dev.workcluster.leader.state.proto.TimeoutKind;
import java.util.List;
import java.util.stream.Collectors;

/** The steps about time: delayed and time-limited tasks, and what the leader's timers propose. */
final class TimingSteps {
    /** Timed tasks have ids of their own ({@code d0}...): the plain steps keep the {@code t} ids busy. */
    static final int TIMED_TASKS = 4;

    private TimingSteps() {}

    static String timedTaskId(int index) {
        return "d" + index % TIMED_TASKS;
    }

    /**
     * A client schedules a task with a run_at ({@code runAtOffset} after the history's start, 0 for
     * none) and timeouts (0 for none; a negative one is refused). Histories wait a few seconds a step,
     * so some run_ats come soon and some limits pass.
     */
    record ScheduleTimed(
            int task,
            String payload,
            Priority priority,
            long runAtOffset,
            long startToClose,
            long scheduleToStart,
            long heartbeat)
            implements Step {
        @Override
        public Command command(ClusterState state) {
            return Command.newBuilder()
                    .setScheduleTask(ScheduleTask.newBuilder()
                            .setId(timedTaskId(task))
                            .setPayload(payload)
                            .setPriority(priority.wireNumber)
                            .setRunAtMillis(runAtOffset == 0 ? 0 : HistoryRun.START_MILLIS + runAtOffset)
                            .setStartToCloseMillis(startToClose)
                            .setScheduleToStartMillis(scheduleToStart)
                            .setHeartbeatTimeoutMillis(heartbeat))
                    .build();
        }

        @Override
        public String toString() {
            return "schedule " + timedTaskId(task) + " '" + payload + "' " + priority
                    + (runAtOffset == 0 ? "" : " to run at start + " + runAtOffset + " ms") + " start to close "
                    + startToClose + " schedule to start " + scheduleToStart + " heartbeat " + heartbeat;
        }
    }

    /** A timer waits at most this long for a deadline; one further off is proposed early (and is stale). */
    static final long LONGEST_WAIT = 10_000;

    /** When the leader's timer fires for a deadline: at it, if it comes within {@link #LONGEST_WAIT}. */
    private static long firesAt(long deadline, long nowMillis) {
        return deadline == TaskDeadlines.NONE || deadline - nowMillis > LONGEST_WAIT
                ? nowMillis
                : Math.max(nowMillis, deadline);
    }

    /**
     * The leader's timer releases these tasks once the first of their run_ats comes (within {@link
     * #LONGEST_WAIT}); those not due by then stay SCHEDULED.
     */
    record ReleaseDue(List<Ref<TaskRecord>> tasks) implements Step {
        @Override
        public long clockAt(ClusterState state, long nowMillis) {
            long first = TaskDeadlines.NONE;
            for (Ref<TaskRecord> task : tasks) {
                String id = task.resolve(state);
                TaskRecord record = id == null ? null : state.task(id);
                if (record != null) {
                    first = Math.min(first, TaskDeadlines.releaseAt(record));
                }
            }
            return firesAt(first, nowMillis);
        }

        @Override
        public Command command(ClusterState state) {
            List<String> ids = tasks.stream()
                    .map(task -> task.resolve(state))
                    .filter(id -> id != null)
                    .toList();
            return ids.isEmpty()
                    ? null
                    : Command.newBuilder()
                            .setReleaseDueTasks(ReleaseDueTasks.newBuilder().addAllTaskIds(ids))
                            .build();
        }

        @Override
        public String toString() {
            return "release due " + tasks.stream().map(Ref::toString).collect(Collectors.joining(", "));
        }
    }

    /** Which deadline a timeout names: the one the task has as it is now (as the leader picks it), or a fixed one. */
    enum Deadline {
        ITS_OWN(null),
        START_TO_CLOSE(TimeoutKind.TIMEOUT_KIND_START_TO_CLOSE),
        HEARTBEAT(TimeoutKind.TIMEOUT_KIND_HEARTBEAT),
        SCHEDULE_TO_START(TimeoutKind.TIMEOUT_KIND_SCHEDULE_TO_START),
        UNKNOWN(TimeoutKind.TIMEOUT_KIND_UNSPECIFIED);

        private final TimeoutKind kind;

        Deadline(TimeoutKind kind) {
            this.kind = kind;
        }

        TimeoutKind kindFor(TaskRecord task) {
            if (kind != null || task == null) {
                return kind != null ? kind : TimeoutKind.TIMEOUT_KIND_START_TO_CLOSE;
            }
            if (TaskDeadlines.mustStartBy(task) != TaskDeadlines.NONE) {
                return TimeoutKind.TIMEOUT_KIND_SCHEDULE_TO_START;
            }
            return TaskDeadlines.mustEndBy(task) <= TaskDeadlines.silentAfter(task, 0)
                    ? TimeoutKind.TIMEOUT_KIND_START_TO_CLOSE
                    : TimeoutKind.TIMEOUT_KIND_HEARTBEAT;
        }
    }

    /**
     * The leader's timer says a deadline of the task passed, naming its run as {@code report} does (the
     * current run, or a stale or missing one); apply decides by the command's time whether it did.
     */
    record TimeOut(Ref<TaskRecord> task, Deadline deadline, Report report) implements Step {
        /** A timeout of the task's own deadline waits for it, as the leader's timer does; the others do not. */
        @Override
        public long clockAt(ClusterState state, long nowMillis) {
            String id = task.resolve(state);
            TaskRecord record = id == null ? null : state.task(id);
            return record == null || deadline != Deadline.ITS_OWN
                    ? nowMillis
                    : firesAt(TaskDeadlines.next(record, 0), nowMillis);
        }

        @Override
        public Command command(ClusterState state) {
            String id = task.resolve(state);
            if (id == null) {
                return null;
            }
            TaskRecord record = state.task(id);
            Report.Fence fence = report.fence(record);
            return Command.newBuilder()
                    .setTimeOutTask(TimeOutTask.newBuilder()
                            .setTaskId(id)
                            .setKind(deadline.kindFor(record))
                            .setAttempt(fence.attempt())
                            .setAssignment(fence.assignment()))
                    .build();
        }

        @Override
        public String toString() {
            return "time out " + task + " (" + deadline + ") for " + report.description;
        }
    }
}
