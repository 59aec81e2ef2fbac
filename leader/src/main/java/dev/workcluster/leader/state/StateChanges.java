package dev.workcluster.leader.state;

import java.util.Set;

/** The ids of the tasks and members one log entry changed or removed, in the order it did. */
public record StateChanges(
        Set<String> tasks, Set<String> removedTasks, Set<String> members, Set<String> removedMembers) {
    public boolean isEmpty() {
        return tasks.isEmpty() && removedTasks.isEmpty() && members.isEmpty() && removedMembers.isEmpty();
    }
}
