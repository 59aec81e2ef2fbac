package dev.workcluster.leader.durability;

import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A ledger of what the leader acknowledged: per task, as sent, and what its last OK reply allows it to be now. */
final class AcknowledgedTasks {
    /** The task as scheduled; the statuses (and lowest attempt) the last acknowledged operation leaves possible. */
    record Promise(Task sent, Set<TaskStatus> allowed, int minAttempt) {}

    private final Map<String, Promise> promises = new ConcurrentHashMap<>();

    void ack(Task sent, Set<TaskStatus> allowed, int minAttempt) {
        promises.put(sent.getId(), new Promise(sent, allowed, minAttempt));
    }

    Promise get(String id) {
        return promises.get(id);
    }

    Collection<Promise> all() {
        return promises.values();
    }

    int size() {
        return promises.size();
    }

    /** Every promise the restored tasks break, sorted; empty when all are kept. */
    List<String> brokenBy(Map<String, Task> restored) {
        List<String> broken = new ArrayList<>();
        promises.forEach((id, promise) -> {
            Task task = restored.get(id);
            Task sent = promise.sent();
            if (task == null) {
                broken.add(id + ": acknowledged but missing after restart");
            } else if (!task.getPayload().equals(sent.getPayload())
                    || task.getPriority() != sent.getPriority()
                    || task.getMaxAttempts() != maxAttempts(sent)) {
                broken.add(id + ": restored as " + task + " but was scheduled as " + sent);
            } else if (!promise.allowed().contains(task.getStatus()) || task.getAttempt() < promise.minAttempt()) {
                broken.add(id + ": " + task.getStatus() + " attempt " + task.getAttempt() + ", but the last"
                        + " acknowledged operation left " + promise.allowed() + " attempt >= " + promise.minAttempt());
            }
        });
        broken.sort(null);
        return broken;
    }

    /** max_attempts as the leader stores it: 0 on ScheduleTask means the default. */
    static int maxAttempts(Task sent) {
        return sent.getMaxAttempts() == 0 ? StateLimits.DEFAULT_MAX_ATTEMPTS : sent.getMaxAttempts();
    }
}
