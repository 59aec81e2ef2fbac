package dev.workcluster.bench;

import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import io.grpc.Channel;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Acknowledged tasks that did not reach COMPLETED, read from the leader once the load has
 * stopped and the cluster drained: how many, in which status ("unknown" = the leader has no
 * record of it), and the first few ids.
 */
record LostTasks(long count, Map<String, Long> byStatus, List<String> firstIds) {
    static final int FIRST_IDS = 10;

    static LostTasks find(Collection<String> acknowledged, Channel leader) {
        Map<String, TaskStatus> statuses = new HashMap<>();
        CompletedTasks.forEach(leader, Optional.empty(), (Task task) -> statuses.put(task.getId(), task.getStatus()));
        return find(acknowledged, statuses);
    }

    static LostTasks find(Collection<String> acknowledged, Map<String, TaskStatus> statuses) {
        Map<String, Long> byStatus = new TreeMap<>();
        List<String> lost = acknowledged.stream()
                .filter(id -> statuses.get(id) != TaskStatus.TASK_STATUS_COMPLETED).sorted().toList();
        for (String id : lost) {
            TaskStatus status = statuses.get(id);
            String name = status == null ? "unknown"
                    : status.name().substring("TASK_STATUS_".length()).toLowerCase(Locale.ROOT);
            byStatus.merge(name, 1L, Long::sum);
        }
        return new LostTasks(lost.size(), byStatus, lost.subList(0, Math.min(FIRST_IDS, lost.size())));
    }
}
