package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;

import dev.workcluster.leader.state.QueueSettings;
import java.util.List;
import java.util.TreeSet;

/**
 * Queue names as clients write them, on tasks, in a worker's subscriptions and in SetQueue:
 * checked against the state's one rule ({@link QueueSettings#nameProblem}), with the field named.
 */
final class QueueRules {
    /** Queues one worker may subscribe to. */
    static final int MAX_SUBSCRIPTIONS = 32;

    private QueueRules() {}

    /** A task's queue: empty stays empty (the default queue). */
    static String taskQueue(String field, String name) {
        return name.isEmpty() ? name : name(field, name);
    }

    static String name(String field, String name) {
        String problem = QueueSettings.nameProblem(name);
        if (problem != null) {
            throw invalid(field + ": " + problem);
        }
        return name;
    }

    /** A worker's subscriptions, checked, without repeats, in name order; empty = every queue. */
    static List<String> subscriptions(String field, List<String> names) {
        TreeSet<String> checked = new TreeSet<>();
        for (int i = 0; i < names.size(); i++) {
            checked.add(name(field + "[" + i + "]", names.get(i)));
        }
        if (checked.size() > MAX_SUBSCRIPTIONS) {
            throw invalid(field + " names " + checked.size() + " queues, over the limit of " + MAX_SUBSCRIPTIONS);
        }
        return List.copyOf(checked);
    }
}
