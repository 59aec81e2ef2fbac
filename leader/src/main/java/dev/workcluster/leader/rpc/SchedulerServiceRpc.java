package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;

import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.scheduler.WorkerDeliveries;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.TaskStatus;
import dev.workcluster.leader.state.proto.CancelTask;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.ScheduleTasks;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.CancelTaskResponse;
import dev.workcluster.proto.scheduler.v1.CreateScheduleRequest;
import dev.workcluster.proto.scheduler.v1.DeleteScheduleRequest;
import dev.workcluster.proto.scheduler.v1.GetQueuesRequest;
import dev.workcluster.proto.scheduler.v1.GetQueuesResponse;
import dev.workcluster.proto.scheduler.v1.GetSchedulesRequest;
import dev.workcluster.proto.scheduler.v1.GetSchedulesResponse;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskResponse;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.PauseScheduleRequest;
import dev.workcluster.proto.scheduler.v1.RecurringScheduleResponse;
import dev.workcluster.proto.scheduler.v1.ResumeScheduleRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.SetQueueRequest;
import dev.workcluster.proto.scheduler.v1.SetQueueResponse;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import dev.workcluster.proto.scheduler.v1.TaskCompleteResponse;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** scheduler.v1.SchedulerService: validates, proposes, and answers reads from the local state. */
public final class SchedulerServiceRpc extends SchedulerServiceGrpc.SchedulerServiceImplBase {

    private final GuardedState state;
    private final Proposer proposer;
    private final WorkerDeliveries deliveries;
    private final NewTasks newTasks;
    private final WatchFeed feed;
    private final Completions completions;
    private final ScheduleCalls schedules;
    private final QueueCalls queues;

    /**
     * {@code limits}: this node's configured limits, which the edge checks before proposing;
     * {@code defaultTaskTimeout}: the start_to_close of tasks that set none, or null for none;
     * {@code completions}: how workers' reports become commands (the result size limit).
     */
    public SchedulerServiceRpc(
            GuardedState state,
            Proposer proposer,
            WorkerDeliveries deliveries,
            StateLimits limits,
            Duration defaultTaskTimeout,
            Completions completions,
            WatchFeed feed) {
        this.state = state;
        this.completions = completions;
        this.feed = feed;
        this.newTasks = new NewTasks(limits, new NewTaskTiming(defaultTaskTimeout, proposer.clock()::millis));
        this.schedules = new ScheduleCalls(state, proposer, newTasks);
        this.queues = new QueueCalls(state, proposer);
        this.proposer = proposer;
        this.deliveries = deliveries;
    }

    @Override
    public void scheduleTask(ScheduleTaskRequest request, StreamObserver<ScheduleTaskResponse> observer) {
        UnaryReplies.reply(observer, () -> {
            if (!request.hasTask()) {
                throw invalid("task is required");
            }
            ScheduleTask command = newTasks.command("task", request.getTask());
            return proposer.propose(Command.newBuilder().setScheduleTask(command))
                    .thenApply(r -> {
                        Task stored = ApiMapping.task(StatusMapping.accepted(r).getTask());
                        // Say at once when no worker can take it; a plain task skips the look at the members.
                        String warning = command.getSelectorCount() == 0
                                        && command.getQueue().isEmpty()
                                ? ""
                                : state.read(s -> {
                                    TaskRecord task = s.task(stored.getId());
                                    return task == null ? "" : s.placementWarning(task);
                                });
                        return ScheduleTaskResponse.newBuilder()
                                .setTask(
                                        warning.isEmpty()
                                                ? stored
                                                : stored.toBuilder()
                                                        .setWarning(warning)
                                                        .build())
                                .build();
                    });
        });
    }

    @Override
    public void scheduleTasks(ScheduleTasksRequest request, StreamObserver<ScheduleTasksResponse> observer) {
        UnaryReplies.reply(observer, () -> {
            ScheduleTasks batch = newTasks.batch(request.getTasksList());
            return proposer.propose(Command.newBuilder().setScheduleTasks(batch))
                    .thenApply(r -> {
                        ScheduleTasksResponse.Builder response = ScheduleTasksResponse.newBuilder();
                        StatusMapping.accepted(r)
                                .getTasksList()
                                .forEach(stored -> response.addTasks(ApiMapping.task(stored)));
                        return response.build();
                    });
        });
    }

    @Override
    public void cancelTask(CancelTaskRequest request, StreamObserver<CancelTaskResponse> observer) {
        UnaryReplies.reply(observer, () -> {
            String id = Requests.id("id", request.getId());
            return proposer.propose(Command.newBuilder()
                            .setCancelTask(CancelTask.newBuilder().setId(id)))
                    .thenApply(r -> {
                        CommandResult result = StatusMapping.accepted(r);
                        if (!result.getStopMemberId().isEmpty()) {
                            deliveries.stopWork(
                                    result.getStopMemberId(),
                                    result.getStopAddress(),
                                    id,
                                    result.getTask().getAttempt(),
                                    result.getTask().getAssignment(),
                                    "cancelled");
                        }
                        return CancelTaskResponse.newBuilder()
                                .setTask(ApiMapping.task(result.getTask()))
                                .build();
                    });
        });
    }

    @Override
    public void taskComplete(TaskCompleteRequest request, StreamObserver<TaskCompleteResponse> observer) {
        UnaryReplies.reply(observer, () -> {
            String id = Requests.id("id", request.getId());
            CompleteTask.Builder complete = completions.of(
                    id,
                    request.getAttempt(),
                    request.hasError(),
                    request.getNonRetryable(),
                    request.getError(),
                    request.getResult());
            if (!request.getWorkerId().isEmpty()) {
                complete.setMemberId(Requests.id("worker_id", request.getWorkerId()));
            }
            CompletableFuture<Void> startAnswered = CompletableFuture.completedFuture(null);
            if (request.getAttempt() == 0) {
                // The seed's workers name no run: a report is about the run in progress as it arrives.
                // Pinned to that run, it cannot finish a later one placed before its entry applies, whose
                // start may still be on its way; with no run in progress it is a late report of an
                // earlier one, and changes nothing.
                RunInProgress run = state.read(s -> RunInProgress.of(s.task(id)));
                if (run != null && !run.running()) {
                    return CompletableFuture.completedFuture(TaskCompleteResponse.getDefaultInstance());
                }
                if (run != null) {
                    complete.setAttempt(run.attempt()).setAssignment(run.assignment());
                }
                startAnswered = deliveries.afterPushStart(id);
            }
            return startAnswered
                    .thenCompose(
                            answered -> proposer.propose(Command.newBuilder().setCompleteTask(complete)))
                    .thenApply(r -> {
                        StatusMapping.accepted(r);
                        return TaskCompleteResponse.getDefaultInstance();
                    });
        });
    }

    @Override
    public void getTask(GetTaskRequest request, StreamObserver<GetTaskResponse> observer) {
        UnaryReplies.replyNow(observer, () -> {
            String id = Requests.id("id", request.getId());
            Task task = state.read(s -> {
                TaskRecord found = s.task(id);
                if (found == null) {
                    return null;
                }
                String warning = s.placementWarning(found);
                return warning.isEmpty()
                        ? ApiMapping.task(found)
                        : ApiMapping.task(found).toBuilder().setWarning(warning).build();
            });
            if (task == null) {
                throw Status.NOT_FOUND
                        .withDescription("task '" + id + "' not found")
                        .asRuntimeException();
            }
            return GetTaskResponse.newBuilder().setTask(task).build();
        });
    }

    @Override
    public void watchTasks(WatchTasksRequest request, StreamObserver<WatchTasksResponse> observer) {
        feed.watch(request, observer);
    }

    @Override
    public void getTasks(GetTasksRequest request, StreamObserver<GetTasksResponse> observer) {
        UnaryReplies.replyNow(observer, () -> {
            TaskListing listing = TaskListing.of(request);
            return state.read(listing::page);
        });
    }

    @Override
    public void createSchedule(CreateScheduleRequest request, StreamObserver<RecurringScheduleResponse> observer) {
        UnaryReplies.reply(observer, () -> schedules.create(request));
    }

    @Override
    public void pauseSchedule(PauseScheduleRequest request, StreamObserver<RecurringScheduleResponse> observer) {
        UnaryReplies.reply(observer, () -> schedules.pause(request.getId()));
    }

    @Override
    public void resumeSchedule(ResumeScheduleRequest request, StreamObserver<RecurringScheduleResponse> observer) {
        UnaryReplies.reply(observer, () -> schedules.resume(request.getId()));
    }

    @Override
    public void deleteSchedule(DeleteScheduleRequest request, StreamObserver<RecurringScheduleResponse> observer) {
        UnaryReplies.reply(observer, () -> schedules.delete(request.getId()));
    }

    @Override
    public void getSchedules(GetSchedulesRequest request, StreamObserver<GetSchedulesResponse> observer) {
        UnaryReplies.replyNow(observer, () -> schedules.get(request));
    }

    @Override
    public void setQueue(SetQueueRequest request, StreamObserver<SetQueueResponse> observer) {
        UnaryReplies.reply(observer, () -> queues.set(request));
    }

    @Override
    public void getQueues(GetQueuesRequest request, StreamObserver<GetQueuesResponse> observer) {
        UnaryReplies.replyNow(observer, () -> queues.get(request));
    }

    /** A task's current run as a report finds it; null for a task that does not exist. */
    private record RunInProgress(boolean running, int attempt, int assignment) {
        static RunInProgress of(TaskRecord task) {
            if (task == null) {
                return null;
            }
            return task.status() == TaskStatus.RUNNING
                    ? new RunInProgress(true, task.attempt(), task.assignment())
                    : new RunInProgress(false, 0, 0);
        }
    }
}
