package dev.workcluster.leader.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts pending tasks on free slots while an entry is applied, so the entry that frees a
 * slot or adds a task also starts the next run: one commit per slot turnover. What only the
 * leader knows (which workers it can reach) travels in the entry, so every replica places
 * exactly as the leader did. Slots are dealt round-robin across members from the entry's
 * rotation, so every free worker gets work rather than the first idle one. A task with a
 * selector goes to the next free member whose labels match it; one that no free member matches
 * stays pending and the tasks behind it go on. What one apply looks at is bounded: at most
 * {@link #MAX_PASSED_OVER} distinct selectors without a match, {@link #MAX_LOOKED_AT} tasks.
 */
final class Placement {
    /** Distinct selectors that may find no free member in one entry before it stops looking. */
    static final int MAX_PASSED_OVER = 1_000;
    /** Pending tasks one entry looks at, at most: bounds an apply behind a long line of unplaceable tasks. */
    static final int MAX_LOOKED_AT = 20_000;

    private final TaskTable tasks;
    private final MemberTable members;

    Placement(TaskTable tasks, MemberTable members) {
        this.tasks = tasks;
        this.members = members;
    }

    /** Starts up to {@code max_starts} pending tasks in dispatch order; returns how many it started. */
    int place(dev.workcluster.leader.state.proto.Placement request, long now) {
        if (tasks.pendingCount() == 0 || request.getMaxStarts() == 0) {
            return 0;
        }
        List<MemberRecord> candidates = candidates(request);
        if (candidates.isEmpty()) {
            return 0;
        }
        int[] free = new int[candidates.size()];
        int membersWithRoom = free.length;
        for (int i = 0; i < free.length; i++) {
            free[i] = candidates.get(i).freeSlots();
        }
        int next = Integer.remainderUnsigned(request.getRotation(), free.length);
        List<TaskRecord> starting = new ArrayList<>();
        List<MemberRecord> on = new ArrayList<>();
        int passedOver = 0;
        int looked = 0;
        // Free slots only go down while one entry places: a selector no free member matched stays
        // unmatched for the rest of it, so the tasks that share it are passed over without a look.
        Set<Selector> unmatched = new HashSet<>();
        for (TaskRecord task : tasks.pendingInOrder()) {
            if (membersWithRoom == 0 || starting.size() == request.getMaxStarts() || ++looked > MAX_LOOKED_AT) {
                break;
            }
            if (unmatched.contains(task.selector())) {
                continue;
            }
            int chosen = memberFor(task, candidates, free, next);
            if (chosen < 0) {
                unmatched.add(task.selector());
                if (++passedOver == MAX_PASSED_OVER) {
                    break;
                }
                continue;
            }
            starting.add(task);
            on.add(candidates.get(chosen));
            if (--free[chosen] == 0) {
                membersWithRoom--;
            }
            next = (chosen + 1) % free.length;
        }
        // Started only now: starting a task takes it out of the queue being iterated above.
        for (int i = 0; i < starting.size(); i++) {
            tasks.start(starting.get(i), on.get(i).id(), now);
            on.get(i).started(starting.get(i).id());
        }
        return starting.size();
    }

    /**
     * Whether the next placement could start anything on {@code free} (members with a free slot):
     * the same scan as {@link #place}, with the same bounds, so a dispatcher that asks this never
     * proposes placing entries that start nothing.
     */
    boolean someTaskFits(List<MemberRecord> free) {
        if (free.isEmpty()) {
            return false;
        }
        int looked = 0;
        Set<Selector> unmatched = new HashSet<>();
        for (TaskRecord task : tasks.pendingInOrder()) {
            if (++looked > MAX_LOOKED_AT || unmatched.size() == MAX_PASSED_OVER) {
                return false;
            }
            Selector selector = task.selector();
            if (selector.isAny() || (!unmatched.contains(selector) && matchesAny(selector, free))) {
                return true;
            }
            unmatched.add(selector);
        }
        return false;
    }

    private static boolean matchesAny(Selector selector, List<MemberRecord> members) {
        for (MemberRecord member : members) {
            if (selector.matches(member.labels())) {
                return true;
            }
        }
        return false;
    }

    /** The first member from {@code next} on with a free slot that the task's selector allows, or -1. */
    private static int memberFor(TaskRecord task, List<MemberRecord> candidates, int[] free, int next) {
        Selector selector = task.selector();
        for (int i = 0, at = next; i < free.length; i++, at = (at + 1) % free.length) {
            if (free[at] > 0
                    && (selector.isAny() || selector.matches(candidates.get(at).labels()))) {
                return at;
            }
        }
        return -1;
    }

    /** Alive members with free slots that the entry allows, in member id order (or the entry's order). */
    private List<MemberRecord> candidates(dev.workcluster.leader.state.proto.Placement request) {
        List<MemberRecord> candidates = new ArrayList<>();
        if (request.getOnlyMembersCount() > 0) {
            Set<String> seen = new HashSet<>();
            for (String id : request.getOnlyMembersList()) {
                MemberRecord member = members.get(id);
                if (member != null && member.freeSlots() > 0 && seen.add(id)) {
                    candidates.add(member);
                }
            }
            return candidates;
        }
        Set<String> except =
                request.getExceptMembersCount() == 0 ? Set.of() : new HashSet<>(request.getExceptMembersList());
        for (MemberRecord member : members.all()) {
            if (member.freeSlots() > 0 && !except.contains(member.id())) {
                candidates.add(member);
            }
        }
        return candidates;
    }
}
