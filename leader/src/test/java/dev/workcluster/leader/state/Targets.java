package dev.workcluster.leader.state;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Whom a step is about: an id from the pool, or one picked from the state by what it is
 * (a task it knows, a running task, an alive member, a member with a free slot). Picking
 * keeps most steps on target, the way the dispatcher and workers aim; ids make the stale
 * ones. A pick with nothing to pick from resolves to null: the step then sends nothing,
 * as a worker with no run reports nothing.
 */
final class Targets {
    private Targets() {}

    enum TaskKind {
        ID(task -> true, ""),
        KNOWN(task -> true, "known "),
        RUNNING(task -> task.status() == TaskStatus.RUNNING, "running "),
        SCHEDULED(task -> task.status() == TaskStatus.SCHEDULED, "scheduled "),
        TIMED(
                task -> task.status() != TaskStatus.SCHEDULED && TaskDeadlines.next(task, 0) != TaskDeadlines.NONE,
                "timed ");

        final Predicate<TaskRecord> test;
        final String label;

        TaskKind(Predicate<TaskRecord> test, String label) {
            this.test = test;
            this.label = label;
        }
    }

    /** A task: {@code t<index>}, or the index-th (modulo their count) known or running task in arrival order. */
    record TaskRef(TaskKind kind, int index) {
        String resolve(ClusterState state) {
            if (kind == TaskKind.ID) {
                return Step.taskId(index % Step.TASKS);
            }
            return pickId(state.allTasks(), kind.test, TaskRecord::id, index);
        }

        @Override
        public String toString() {
            return kind == TaskKind.ID ? Step.taskId(index % Step.TASKS) : kind.label + "task #" + index;
        }
    }

    enum MemberKind {
        ID(member -> true, ""),
        ALIVE(MemberRecord::alive, "alive "),
        FREE(member -> member.freeSlots() > 0, "free ");

        final Predicate<MemberRecord> test;
        final String label;

        MemberKind(Predicate<MemberRecord> test, String label) {
            this.test = test;
            this.label = label;
        }
    }

    /** A member: {@code w<index>}, or the index-th (modulo their count) alive member or member with a free slot. */
    record MemberRef(MemberKind kind, int index) {
        String resolve(ClusterState state) {
            if (kind == MemberKind.ID) {
                return Step.memberId(index % Step.MEMBERS);
            }
            return pickId(state.members(), kind.test, MemberRecord::id, index);
        }

        @Override
        public String toString() {
            return kind == MemberKind.ID ? Step.memberId(index % Step.MEMBERS) : kind.label + "member #" + index;
        }
    }

    /** The id of the index-th (modulo their count) of {@code all} that pass {@code test}; null when none does. */
    private static <T> String pickId(Collection<T> all, Predicate<T> test, Function<T, String> id, int index) {
        List<T> candidates = all.stream().filter(test).toList();
        return candidates.isEmpty() ? null : id.apply(candidates.get(index % candidates.size()));
    }
}
