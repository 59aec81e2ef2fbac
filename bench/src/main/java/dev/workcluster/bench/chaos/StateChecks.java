package dev.workcluster.bench.chaos;

import dev.workcluster.bench.chaos.Violation.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The checks on the nodes' states at the end: every acknowledged task is known and terminal,
 * the nodes agree, and restarting every node reproduces the state.
 */
final class StateChecks {
    private StateChecks() {}

    /** Each task as the first node (by name) that knows it reports it: the record the run checks use. */
    static Map<String, FinalTask> reference(SortedMap<String, Map<String, FinalTask>> finals) {
        Map<String, FinalTask> reference = new HashMap<>();
        finals.values().forEach(tasks -> tasks.forEach(reference::putIfAbsent));
        return reference;
    }

    static List<Violation> lostOrStuck(Collection<String> acknowledged, Map<String, FinalTask> reference) {
        List<Violation> found = new ArrayList<>();
        for (String task : new TreeSet<>(acknowledged)) {
            FinalTask state = reference.get(task);
            if (state == null) {
                found.add(Violation.ofState(Type.LOST, task, "acknowledged, but no node's final state has it"));
            } else if (!state.status().isTerminal()) {
                found.add(Violation.ofState(
                        Type.STUCK, task, "acknowledged, but " + state.describe() + " once the work drained"));
            }
        }
        return found;
    }

    /** One violation per task on which the nodes differ in presence, status or attempt. */
    static List<Violation> nodesDisagree(SortedMap<String, Map<String, FinalTask>> finals) {
        TreeSet<String> ids = new TreeSet<>();
        finals.values().forEach(tasks -> ids.addAll(tasks.keySet()));
        List<Violation> found = new ArrayList<>();
        for (String id : ids) {
            List<String> seen = new ArrayList<>();
            finals.forEach((node, tasks) ->
                    seen.add(tasks.containsKey(id) ? tasks.get(id).agreed() : "absent"));
            if (seen.stream().distinct().count() > 1) {
                StringBuilder text = new StringBuilder("the nodes' final states differ:");
                int i = 0;
                for (String node : finals.keySet()) {
                    text.append(i == 0 ? " " : "; ").append(node).append(' ').append(seen.get(i++));
                }
                found.add(Violation.ofState(Type.NODES_DISAGREE, id, text.toString()));
            }
        }
        return found;
    }

    /** Every node restarted reports exactly its final state, field by field. */
    static List<Violation> restartDiffers(
            SortedMap<String, Map<String, FinalTask>> finals, SortedMap<String, Map<String, FinalTask>> restarted) {
        List<Violation> found = new ArrayList<>();
        TreeSet<String> nodes = new TreeSet<>(finals.keySet());
        nodes.addAll(restarted.keySet());
        for (String node : nodes) {
            Map<String, FinalTask> before = finals.get(node);
            Map<String, FinalTask> after = restarted.get(node);
            if (before == null || after == null) {
                String missing = (before == null ? HistoryFiles.FINAL_PREFIX : HistoryFiles.RESTARTED_PREFIX)
                        + node
                        + HistoryFiles.JSON;
                found.add(Violation.ofState(
                        Type.RESTART_DIFFERS,
                        "*",
                        "node " + node + ": " + missing + " is missing, so the restart cannot be compared"));
                continue;
            }
            TreeSet<String> ids = new TreeSet<>(before.keySet());
            ids.addAll(after.keySet());
            for (String id : ids) {
                if (!Objects.equals(before.get(id), after.get(id))) {
                    found.add(Violation.ofState(
                            Type.RESTART_DIFFERS,
                            id,
                            "node " + node + " before the restart: " + describe(before.get(id)) + "; after: "
                                    + describe(after.get(id))));
                }
            }
        }
        return found;
    }

    private static String describe(FinalTask task) {
        return task == null ? "absent" : task.describe();
    }
}
