package dev.workcluster.leader.testing;

import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc.SchedulerServiceBlockingStub;
import dev.workcluster.proto.scheduler.v1.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Lists every task through GetTasks' paging (page_size + page_token), one fresh stub (deadline) per page. */
public final class TaskPages {
    private TaskPages() {}

    public static List<Task> all(Supplier<SchedulerServiceBlockingStub> scheduler, int pageSize) {
        List<Task> tasks = new ArrayList<>();
        String token = "";
        for (int pages = 0; ; pages++) {
            if (pages > 1_000_000 / pageSize) {
                throw new AssertionError(
                        "paging does not end; last token " + token + ", " + tasks.size() + " tasks so far");
            }
            GetTasksResponse page = scheduler
                    .get()
                    .getTasks(GetTasksRequest.newBuilder()
                            .setPageSize(pageSize)
                            .setPageToken(token)
                            .build());
            if (page.getTasksCount() > pageSize) {
                throw new AssertionError("page of " + page.getTasksCount() + " tasks for page_size " + pageSize);
            }
            tasks.addAll(page.getTasksList());
            token = page.getNextPageToken();
            if (token.isEmpty()) {
                return tasks;
            }
        }
    }
}
