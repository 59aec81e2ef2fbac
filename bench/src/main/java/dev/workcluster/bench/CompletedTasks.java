package dev.workcluster.bench;

import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import com.google.protobuf.Timestamp;
import io.grpc.Channel;
import java.util.concurrent.TimeUnit;
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

    private CompletedTasks() {
    }

    /** Reads the completed tasks, page by page, after the load has stopped. */
    static CompletedTasks read(Channel channel, long fromMillis, long toMillis) {
        SchedulerServiceGrpc.SchedulerServiceBlockingStub stub = SchedulerServiceGrpc.newBlockingStub(channel);
        CompletedTasks completed = new CompletedTasks();
        String token = "";
        do {
            GetTasksResponse page = stub.withDeadlineAfter(30, TimeUnit.SECONDS).getTasks(GetTasksRequest.newBuilder()
                    .setStatus(TaskStatus.TASK_STATUS_COMPLETED).setPageSize(PAGE_SIZE).setPageToken(token).build());
            page.getTasksList().forEach(task -> completed.add(task, fromMillis, toMillis));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return completed;
    }

    private void add(Task task, long fromMillis, long toMillis) {
        long finished = millis(task.getFinishedAt());
        if (finished < fromMillis || finished >= toMillis) {
            return;
        }
        endToEndMicros.recordValue(Math.max(0, finished - millis(task.getCreatedAt())) * 1000);
        count++;
    }

    private static long millis(Timestamp t) {
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
