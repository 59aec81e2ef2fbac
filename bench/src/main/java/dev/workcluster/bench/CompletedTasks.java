package dev.workcluster.bench;

import com.google.protobuf.Timestamp;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import io.grpc.Channel;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency as the leader recorded it: created_at (when ScheduleTask was
 * proposed) to finished_at (when TaskComplete was proposed) of every retained COMPLETED
 * task that finished inside a window. The leader's clock has millisecond resolution.
 */
final class CompletedTasks {
    private static final int PAGE_SIZE = 5_000;

    private final Histogram endToEndMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private long count;

    private CompletedTasks() {}

    /** Reads the completed tasks whose id starts with {@code idPrefix}, page by page, after the load has stopped. */
    static CompletedTasks read(Channel channel, String idPrefix, long fromMillis, long toMillis) {
        CompletedTasks completed = new CompletedTasks();
        forEach(channel, Optional.of(TaskStatus.TASK_STATUS_COMPLETED), task -> {
            if (task.getId().startsWith(idPrefix)) { // a running cluster may hold other clients' tasks
                completed.add(task, fromMillis, toMillis);
            }
        });
        return completed;
    }

    /** Every retained task (in {@code status}, if given), page by page. */
    static void forEach(Channel channel, Optional<TaskStatus> status, Consumer<Task> action) {
        SchedulerServiceGrpc.SchedulerServiceBlockingStub stub = SchedulerServiceGrpc.newBlockingStub(channel);
        String token = "";
        do {
            GetTasksRequest.Builder request =
                    GetTasksRequest.newBuilder().setPageSize(PAGE_SIZE).setPageToken(token);
            status.ifPresent(request::setStatus);
            GetTasksResponse page = stub.withDeadlineAfter(30, TimeUnit.SECONDS).getTasks(request.build());
            page.getTasksList().forEach(action);
            token = page.getNextPageToken();
        } while (!token.isEmpty());
    }

    private void add(Task task, long fromMillis, long toMillis) {
        long finished = millis(task.getFinishedAt());
        if (finished < fromMillis || finished >= toMillis) {
            return;
        }
        endToEndMicros.recordValue(Math.max(0, finished - millis(task.getCreatedAt())) * 1000);
        count++;
    }

    static long millis(Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    Histogram endToEndMicros() {
        return endToEndMicros;
    }

    /** Completions the leader committed inside the window (as far as retention kept them). */
    long count() {
        return count;
    }
}
