package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.SetQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The named queues: the settings operators gave some of them, and for each queue that holds
 * unfinished tasks its pending line and counts. A queue exists while it is configured or holds
 * an unfinished task; at most {@link #MAX_QUEUES} exist at once, so task names cannot make the
 * state hold unbounded queues.
 */
final class Queues {
    static final int MAX_QUEUES = 1_000;

    private final NavigableMap<String, QueueSettings> configured = new TreeMap<>();
    private final Map<String, NamedQueue> inUse = new HashMap<>();
    /** Queues with PENDING tasks, in name order: placement's deterministic starting point. */
    private final NavigableMap<String, NamedQueue> waiting = new TreeMap<>();
    /** All PENDING tasks by arrival, for the age of the oldest. */
    private final TreeSet<TaskRecord> byArrival = new TreeSet<>(Comparator.comparingLong(TaskRecord::queueOrder));

    QueueSettings settings(String name) {
        QueueSettings settings = configured.get(name);
        return settings != null ? settings : QueueSettings.defaults(name);
    }

    /**
     * Whether a queue of this name exists (configured, or holding unfinished tasks). The default
     * queue always does, so the bound on queues can never refuse a task that names none.
     */
    boolean exists(String name) {
        return name.equals(QueueSettings.DEFAULT_QUEUE) || configured.containsKey(name) || inUse.containsKey(name);
    }

    /** How many queues other than the default one exist. */
    int count() {
        int count = inUse.size() - (inUse.containsKey(QueueSettings.DEFAULT_QUEUE) ? 1 : 0);
        for (String name : configured.keySet()) {
            if (!inUse.containsKey(name) && !name.equals(QueueSettings.DEFAULT_QUEUE)) {
                count++;
            }
        }
        return count;
    }

    /** Why {@code fresh} queues that do not exist yet cannot come into being now, or null when they can. */
    CommandResult refusalOfNew(Set<String> fresh) {
        if (fresh.isEmpty() || count() + fresh.size() <= MAX_QUEUES) {
            return null;
        }
        return Results.reject(
                ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED,
                "queue limit reached: " + count() + " queues besides default exist and " + fresh.size()
                        + " more would be created; the limit is " + MAX_QUEUES
                        + " (a queue exists while it is configured or holds unfinished tasks)");
    }

    /** The stored name equal to {@code name}, so tasks share one string per queue. */
    String canonical(String name) {
        if (name.isEmpty() || name.equals(QueueSettings.DEFAULT_QUEUE)) {
            return QueueSettings.DEFAULT_QUEUE;
        }
        NamedQueue queue = inUse.get(name);
        if (queue != null) {
            return queue.name;
        }
        QueueSettings settings = configured.get(name);
        return settings != null ? settings.name() : name;
    }

    CommandResult set(SetQueue cmd) {
        QueueSettings wanted = QueueSettings.fromProto(cmd.getQueue());
        String problem = QueueSettings.problem(
                wanted.name(),
                Integer.toUnsignedLong(cmd.getQueue().getWeight()),
                Integer.toUnsignedLong(cmd.getQueue().getMaxRunning()));
        if (problem != null) {
            return Results.reject(ResultCode.RESULT_CODE_INVALID_ARGUMENT, problem);
        }
        if (!exists(wanted.name())) {
            CommandResult refused = refusalOfNew(Set.of(wanted.name()));
            if (refused != null) {
                return refused;
            }
        }
        String name = canonical(wanted.name());
        QueueSettings stored = new QueueSettings(name, wanted.weight(), wanted.maxRunning());
        if (stored.isDefault()) {
            configured.remove(name);
        } else {
            configured.put(name, stored);
        }
        return CommandResult.newBuilder().setQueue(stored.toProto()).build();
    }

    void restore(QueueSettings settings) {
        configured.put(settings.name(), settings);
    }

    Collection<QueueSettings> configured() {
        return configured.values();
    }

    /** Follows one task's status change ({@code before} null: the task is new to the table). */
    void moved(TaskRecord task, TaskStatus before, TaskStatus after) {
        if (before == null && after.isFinished()) {
            return; // a finished task restored from a snapshot is in no queue
        }
        NamedQueue queue = inUse.computeIfAbsent(task.queue(), NamedQueue::new);
        queue.moved(task, before, after);
        if (before == TaskStatus.PENDING) {
            byArrival.remove(task);
        }
        if (after == TaskStatus.PENDING) {
            byArrival.add(task);
        }
        if (queue.pending().isEmpty()) {
            waiting.remove(queue.name);
        } else {
            waiting.put(queue.name, queue);
        }
        if (queue.unfinished() == 0) {
            inUse.remove(queue.name);
        }
    }

    /** Queues with PENDING tasks, in name order. */
    Collection<NamedQueue> waiting() {
        return waiting.values();
    }

    int pendingCount() {
        return byArrival.size();
    }

    /** The pending task that arrived first, or null. */
    TaskRecord oldest() {
        return byArrival.isEmpty() ? null : byArrival.first();
    }

    /** Every PENDING task: queue by queue in name order, each in dispatch order. */
    List<TaskRecord> pendingInOrder() {
        List<TaskRecord> all = new ArrayList<>(byArrival.size());
        waiting.values().forEach(queue -> all.addAll(queue.pending()));
        return all;
    }

    /** Every queue that exists, in name order. */
    List<QueueLoad> loads() {
        TreeMap<String, QueueLoad> loads = new TreeMap<>();
        loads.put(QueueSettings.DEFAULT_QUEUE, new QueueLoad(settings(QueueSettings.DEFAULT_QUEUE), 0, 0, 0));
        configured.values().forEach(settings -> loads.put(settings.name(), new QueueLoad(settings, 0, 0, 0)));
        inUse.values().forEach(queue -> loads.put(queue.name, load(queue)));
        return new ArrayList<>(loads.values());
    }

    /** One queue, or null when it does not exist ({@link #exists}: the default one always does). */
    QueueLoad load(String name) {
        NamedQueue queue = inUse.get(name);
        if (queue != null) {
            return load(queue);
        }
        return exists(name) ? new QueueLoad(settings(name), 0, 0, 0) : null;
    }

    private QueueLoad load(NamedQueue queue) {
        int pending = queue.pending().size();
        return new QueueLoad(
                settings(queue.name), pending, queue.running(), queue.unfinished() - pending - queue.running());
    }
}
