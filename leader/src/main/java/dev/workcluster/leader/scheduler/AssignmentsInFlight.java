package dev.workcluster.leader.scheduler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Assignments proposed to the log whose outcome is not known yet. The dispatcher plans
 * its next round while earlier rounds still commit, so planning must neither offer
 * these tasks again nor count their slots as free. Thread-safe: rounds add on the
 * dispatcher thread, commits remove on the thread that completes them. Public for the
 * same reason as {@link Placement}.
 */
public final class AssignmentsInFlight {
    private final Set<String> tasks = new HashSet<>();
    private final Map<String, Integer> slotsByMember = new HashMap<>();

    synchronized void add(Assignment a) {
        tasks.add(a.taskId());
        slotsByMember.merge(a.memberId(), 1, Integer::sum);
    }

    synchronized void remove(Assignment a) {
        if (tasks.remove(a.taskId())) {
            slotsByMember.computeIfPresent(a.memberId(), (member, slots) -> slots == 1 ? null : slots - 1);
        }
    }

    synchronized boolean contains(String taskId) {
        return tasks.contains(taskId);
    }

    /** Slots of this member that in-flight assignments will take. */
    synchronized int slotsOf(String memberId) {
        return slotsByMember.getOrDefault(memberId, 0);
    }

    synchronized int size() {
        return tasks.size();
    }
}
