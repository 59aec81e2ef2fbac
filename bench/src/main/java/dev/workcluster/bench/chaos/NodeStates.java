package dev.workcluster.bench.chaos;

import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Every task as one node has it, read page by page, and put in the checker's terms. */
final class NodeStates {
    private static final int PAGE = 1_000;

    private NodeStates() {}

    /** id → task, in id order. */
    static Map<String, Task> read(Channel channel) {
        Map<String, Task> tasks = new TreeMap<>();
        String token = "";
        do {
            GetTasksResponse page = SchedulerServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getTasks(GetTasksRequest.newBuilder()
                            .setPageSize(PAGE)
                            .setPageToken(token)
                            .build());
            page.getTasksList().forEach(t -> tasks.put(t.getId(), t));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return tasks;
    }

    /** What must agree between nodes: each task's status and attempt. */
    static Map<String, String> summary(Map<String, Task> tasks) {
        Map<String, String> summary = new TreeMap<>();
        tasks.forEach((id, t) -> summary.put(id, t.getStatus() + "/" + t.getAttempt()));
        return summary;
    }

    /** The tasks as the checker reads them. */
    static List<FinalTask> forChecker(Map<String, Task> tasks) {
        List<FinalTask> rows = new ArrayList<>();
        for (Task task : tasks.values()) {
            long finished = task.hasFinishedAt()
                    ? task.getFinishedAt().getSeconds() * 1000
                            + task.getFinishedAt().getNanos() / 1_000_000
                    : 0;
            rows.add(new FinalTask(
                    task.getId(),
                    FinalTask.Status.valueOf(task.getStatus().name().replace("TASK_STATUS_", "")),
                    task.getAttempt(),
                    0,
                    task.getWorkerId(),
                    finished));
        }
        return rows;
    }
}
