package dev.workcluster.leader.state;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the commands applied since the last {@link #drain()} touched. Watchers are
 * told about exactly these; tracking them is bookkeeping, not state: it is never
 * snapshotted and never influences what apply() decides.
 */
final class Changes {
    private Set<String> tasks = new LinkedHashSet<>();
    private Set<String> removedTasks = new LinkedHashSet<>();
    private Set<String> members = new LinkedHashSet<>();
    private Set<String> removedMembers = new LinkedHashSet<>();

    void task(TaskRecord task) {
        tasks.add(task.id());
        if (!task.memberId().isEmpty()) {
            members.add(task.memberId()); // its slots changed with the task
        }
    }

    void taskRemoved(String id) {
        tasks.remove(id);
        removedTasks.add(id);
    }

    void member(String id) {
        members.add(id);
        removedMembers.remove(id);
    }

    void memberRemoved(String id) {
        members.remove(id);
        removedMembers.add(id);
    }

    StateChanges drain() {
        StateChanges drained = new StateChanges(tasks, removedTasks, members, removedMembers);
        tasks = new LinkedHashSet<>();
        removedTasks = new LinkedHashSet<>();
        members = new LinkedHashSet<>();
        removedMembers = new LinkedHashSet<>();
        return drained;
    }
}
