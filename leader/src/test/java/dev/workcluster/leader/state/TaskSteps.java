package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Step.memberId;
import static dev.workcluster.leader.state.Step.taskId;

import dev.workcluster.leader.state.Targets.Ref;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.PlaceTasks;
import dev.workcluster.leader.state.proto.Placement;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.ScheduleTasks;
import java.util.List;
import java.util.stream.Collectors;

/** The steps about tasks: what clients, the dispatcher and workers send. */
final class TaskSteps {
    private TaskSteps() {}

    /** A client schedules a task; max attempts 0 takes the default, a priority above 3 is unknown. */
    record Schedule(int task, String payload, int priority, int maxAttempts) implements Step {
        ScheduleTask proto() {
            return ScheduleTask.newBuilder()
                    .setId(taskId(task))
                    .setPayload(payload)
                    .setPriority(priority)
                    .setMaxAttempts(maxAttempts)
                    .setQueue(Step.queueOf(task))
                    .build();
        }

        @Override
        public Command command(ClusterState state) {
            return Command.newBuilder().setScheduleTask(proto()).build();
        }

        @Override
        public String toString() {
            String named = Priority.isKnown(priority)
                    ? Priority.fromWireNumber(priority).toString()
                    : "priority " + priority;
            return "schedule " + taskId(task) + " '" + payload + "' " + named
                    + (maxAttempts == 0 ? "" : " max " + maxAttempts + " attempts");
        }
    }

    /** An operator sets a queue's weight and running limit (weight 0 or over 1,000, or a bad name: refused). */
    record SetQueue(String name, int weight, int maxRunning) implements Step {
        @Override
        public Command command(ClusterState state) {
            return Command.newBuilder()
                    .setSetQueue(dev.workcluster.leader.state.proto.SetQueue.newBuilder()
                            .setQueue(dev.workcluster.leader.state.proto.StoredQueue.newBuilder()
                                    .setName(name)
                                    .setWeight(weight)
                                    .setMaxRunning(maxRunning)))
                    .build();
        }

        @Override
        public String toString() {
            return "set queue '" + name + "' weight " + weight + " max running " + maxRunning;
        }
    }

    /** A client schedules several tasks at once (none: an empty batch, which is refused). */
    record ScheduleBatch(List<Schedule> tasks) implements Step {
        @Override
        public Command command(ClusterState state) {
            ScheduleTasks.Builder batch = ScheduleTasks.newBuilder();
            tasks.forEach(task -> batch.addTasks(task.proto()));
            return Command.newBuilder().setScheduleTasks(batch).build();
        }

        @Override
        public String toString() {
            return "batch [" + tasks.stream().map(Schedule::toString).collect(Collectors.joining(", ")) + "]";
        }
    }

    record Cancel(Ref<TaskRecord> task) implements Step {
        @Override
        public Command command(ClusterState state) {
            return Step.ifResolved(task.resolve(state), Commands::cancel);
        }

        @Override
        public String toString() {
            return "cancel " + task;
        }
    }

    /**
     * The dispatcher's move: the head of the queue, at its current attempt, to this member.
     * Like the dispatcher, it sends nothing while no task waits or no member of the kind asked
     * for is there; a member named by id makes the stale dispatches.
     */
    record Dispatch(Ref<MemberRecord> member) implements Step {
        @Override
        public Command command(ClusterState state) {
            var pending = state.pendingInOrder().iterator();
            String to = member.resolve(state);
            if (!pending.hasNext() || to == null) {
                return null;
            }
            TaskRecord head = pending.next();
            return Commands.assign(head.id(), to, head.attempt());
        }

        @Override
        public String toString() {
            return "dispatch the next pending task to " + member;
        }
    }

    /**
     * The leader's placing entry: apply starts pending tasks on free slots of the members it
     * allows: all, only some ({@code only}), or all but some ({@code except}); from a rotation,
     * at most {@code maxStarts}. Unknown ids among them change nothing.
     */
    record Place(int rotation, int maxStarts, List<Integer> only, List<Integer> except) implements Step {
        @Override
        public Command command(ClusterState state) {
            return Command.newBuilder()
                    .setPlaceTasks(PlaceTasks.getDefaultInstance())
                    .build();
        }

        @Override
        public Placement placement() {
            return Placement.newBuilder()
                    .setRotation(rotation)
                    .setMaxStarts(maxStarts)
                    .addAllOnlyMembers(only.stream().map(Step::memberId).toList())
                    .addAllExceptMembers(except.stream().map(Step::memberId).toList())
                    .build();
        }

        @Override
        public String toString() {
            return "place up to " + maxStarts + " from rotation " + rotation
                    + (only.isEmpty() ? "" : " only on " + only) + (except.isEmpty() ? "" : " except on " + except);
        }
    }

    /** An assignment of one task, at its current attempt or (stale, or ahead) one off. */
    record Assign(int task, int member, int attemptOffset) implements Step {
        @Override
        public Command command(ClusterState state) {
            TaskRecord record = state.task(taskId(task));
            int attempt = (record == null ? 1 : record.attempt()) + attemptOffset;
            return Commands.assign(taskId(task), memberId(member), Math.max(0, attempt));
        }

        @Override
        public String toString() {
            return "assign " + taskId(task) + " to " + memberId(member) + " at its attempt"
                    + (attemptOffset == 0 ? "" : (attemptOffset > 0 ? " + " : " - ") + Math.abs(attemptOffset));
        }
    }

    enum Outcome {
        SUCCEEDED,
        FAILED,
        FAILED_FOR_GOOD
    }

    /** A worker reports how a run ended, naming the run as {@code report} says. */
    record Complete(Ref<TaskRecord> task, Outcome outcome, Report report) implements Step {
        @Override
        public Command command(ClusterState state) {
            return Step.ifResolved(
                    task.resolve(state),
                    id -> Command.newBuilder()
                            .setCompleteTask(report.fence(state.task(id))
                                    .completeTask(id)
                                    .setFailed(outcome != Outcome.SUCCEEDED)
                                    .setNonRetryable(outcome == Outcome.FAILED_FOR_GOOD)
                                    .setError(outcome == Outcome.SUCCEEDED ? "" : "boom")
                                    .setResult(outcome == Outcome.SUCCEEDED ? "ok" : ""))
                            .build());
        }

        @Override
        public String toString() {
            return "report " + task + " "
                    + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " for "
                    + report.description;
        }
    }

    /** A worker hands a run back: refused (no attempt used) or ended without an outcome (attempt used). */
    record Release(Ref<TaskRecord> task, Report report, boolean attemptUsed) implements Step {
        @Override
        public Command command(ClusterState state) {
            return Step.ifResolved(
                    task.resolve(state),
                    id -> Command.newBuilder()
                            .setReleaseTask(report.fence(state.task(id))
                                    .releaseTask(id)
                                    .setAttemptUsed(attemptUsed)
                                    .setReason(attemptUsed ? "gone" : ""))
                            .build());
        }

        @Override
        public String toString() {
            return "hand back " + task + (attemptUsed ? " using its attempt" : "") + " for " + report.description;
        }
    }
}
