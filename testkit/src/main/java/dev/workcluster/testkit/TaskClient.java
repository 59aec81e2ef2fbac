package dev.workcluster.testkit;

import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import io.grpc.Channel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The few scheduler.v1 calls tests make, each with a 10 s deadline; errors arrive as the
 * stub's {@code StatusRuntimeException}.
 *
 * <pre>{@code
 * TaskClient tasks = cluster.tasks();
 * tasks.schedule("t1", "sleep 0s");
 * TaskStatus status = tasks.get("t1").getStatus();
 * }</pre>
 */
public final class TaskClient {
    private final Channel channel;

    /** A client over {@code channel}, which the caller owns. */
    public TaskClient(Channel channel) {
        this.channel = channel;
    }

    /** A blocking stub for the calls this class does not wrap. */
    public SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler() {
        return SchedulerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    public void schedule(String id, String payload) {
        schedule(Task.newBuilder().setId(id).setPayload(payload));
    }

    public void schedule(Task.Builder task) {
        scheduler().scheduleTask(ScheduleTaskRequest.newBuilder().setTask(task).build());
    }

    public Task get(String id) {
        return scheduler()
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }

    public void cancel(String id) {
        scheduler().cancelTask(CancelTaskRequest.newBuilder().setId(id).build());
    }

    /** The tasks with {@code status} now whose id starts with {@code idPrefix}, among the first 1,000 of that status. */
    public List<Task> inStatus(TaskStatus status, String idPrefix) {
        return scheduler()
                .getTasks(GetTasksRequest.newBuilder()
                        .setStatus(status)
                        .setPageSize(1_000)
                        .build())
                .getTasksList()
                .stream()
                .filter(task -> task.getId().startsWith(idPrefix))
                .toList();
    }

    /** How many tasks have {@code status} now (the first 10,000 at most). */
    public int count(TaskStatus status) {
        return scheduler()
                .getTasks(GetTasksRequest.newBuilder().setStatus(status).build())
                .getTasksCount();
    }
}
