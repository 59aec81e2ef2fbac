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
 * record of it), and the first few as {@code id status [attempt N] [error]}.
 */
record LostTasks(long count, Map<String, Long> byStatus, List<String> first) {
    static final int FIRST = 10;

    static LostTasks find(Collection<String> acknowledged, Channel leader) {
        Map<String, Task> records = new HashMap<>();
        CompletedTasks.forEach(leader, Optional.empty(), task -> records.put(task.getId(), task));
        return find(acknowledged, records);
    }

    static LostTasks find(Collection<String> acknowledged, Map<String, Task> records) {
        Map<String, Long> byStatus = new TreeMap<>();
        List<String> lost = acknowledged.stream()
                .filter(id ->
                        records.get(id) == null || records.get(id).getStatus() != TaskStatus.TASK_STATUS_COMPLETED)
                .sorted()
                .toList();
        for (String id : lost) {
            byStatus.merge(status(records.get(id)), 1L, Long::sum);
        }
        List<String> first = lost.stream()
                .limit(FIRST)
                .map(id -> describe(id, records.get(id)))
                .toList();
        return new LostTasks(lost.size(), byStatus, first);
    }

    private static String status(Task record) {
        return record == null
                ? "unknown"
                : record.getStatus().name().substring("TASK_STATUS_".length()).toLowerCase(Locale.ROOT);
    }

    private static String describe(String id, Task record) {
        if (record == null) {
            return id + " unknown";
        }
        return id + " " + status(record) + " attempt " + record.getAttempt()
                + (record.getError().isEmpty() ? "" : " error: " + record.getError());
    }
}
