package dev.workcluster.cli.client;

import dev.workcluster.client.TaskPage;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every task a node holds, page after page (a listing answers one page a call), by id in arrival order. */
public final class AllTasks {
    private AllTasks() {}

    public static Map<String, Task> read(WorkClient client) {
        Map<String, Task> tasks = new LinkedHashMap<>();
        TaskPage page = client.list(null, null, WorkClient.MAX_PAGE_SIZE);
        while (true) {
            page.tasks().forEach(task -> tasks.put(task.id(), TaskMessages.task(task)));
            if (page.isLast()) {
                return tasks;
            }
            page = client.list(null, page.next(), WorkClient.MAX_PAGE_SIZE);
        }
    }
}
