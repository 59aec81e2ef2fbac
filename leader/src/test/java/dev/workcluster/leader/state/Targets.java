package dev.workcluster.leader.state;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
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

    /** One sort of target: how the pool names its index-th, and where the state keeps them. */
    record Pool<T>(
            String noun,
            IntFunction<String> idAt,
            Function<ClusterState, Collection<T>> all,
            Function<T, String> idOf) {}

    static final Pool<TaskRecord> TASKS =
            new Pool<>("task", i -> Step.taskId(i % Step.TASKS), ClusterState::allTasks, TaskRecord::id);
    static final Pool<MemberRecord> MEMBERS =
            new Pool<>("member", i -> Step.memberId(i % Step.MEMBERS), ClusterState::members, MemberRecord::id);

    /** How a step picks: by id from the pool ({@code test} null), or among those of the state that pass {@code test}. */
    record Kind<T>(Pool<T> pool, String label, Predicate<T> test) {
        static <T> Kind<T> byId(Pool<T> pool) {
            return new Kind<>(pool, "", null);
        }
    }

    static final class TaskKind {
        static final Kind<TaskRecord> ID = Kind.byId(TASKS);
        static final Kind<TaskRecord> KNOWN = new Kind<>(TASKS, "known ", task -> true);
        static final Kind<TaskRecord> RUNNING =
                new Kind<>(TASKS, "running ", task -> task.status() == TaskStatus.RUNNING);
        static final Kind<TaskRecord> SCHEDULED =
                new Kind<>(TASKS, "scheduled ", task -> task.status() == TaskStatus.SCHEDULED);
        static final Kind<TaskRecord> TIMED = new Kind<>(
                TASKS,
                "timed ",
                task -> task.status() != TaskStatus.SCHEDULED && TaskDeadlines.next(task, 0) != TaskDeadlines.NONE);

        private TaskKind() {}
    }

    static final class MemberKind {
        static final Kind<MemberRecord> ID = Kind.byId(MEMBERS);
        static final Kind<MemberRecord> ALIVE = new Kind<>(MEMBERS, "alive ", MemberRecord::alive);
        static final Kind<MemberRecord> FREE = new Kind<>(MEMBERS, "free ", member -> member.freeSlots() > 0);

        private MemberKind() {}
    }

    /** A target: the pool's index-th id, or the index-th (modulo their count) of the state's that pass the kind's test. */
    record Ref<T>(Kind<T> kind, int index) {
        String resolve(ClusterState state) {
            Pool<T> pool = kind.pool();
            if (kind.test() == null) {
                return pool.idAt().apply(index);
            }
            List<T> candidates =
                    pool.all().apply(state).stream().filter(kind.test()).toList();
            return candidates.isEmpty() ? null : pool.idOf().apply(candidates.get(index % candidates.size()));
        }

        @Override
        public String toString() {
            Pool<T> pool = kind.pool();
            return kind.test() == null ? pool.idAt().apply(index) : kind.label() + pool.noun() + " #" + index;
        }
    }
}
