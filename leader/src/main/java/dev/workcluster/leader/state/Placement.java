package dev.workcluster.leader.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Starts pending tasks on free slots while an entry is applied, so the entry that frees a slot
 * or adds a task also starts the next run: one commit per slot turnover. What only the leader
 * knows (which workers it can reach) travels in the entry, so every replica places exactly as
 * the leader did.
 *
 * <p>Queues share the free slots by weight: the next start goes to the waiting queue, below its
 * running limit, whose running tasks per unit of weight are fewest (ties by name), so a flood in
 * one queue cannot starve another. Within a queue tasks go in priority order. Slots are dealt
 * round-robin across members from the entry's rotation. A task goes to a free member that takes
 * its queue and whose labels match its selector; one that none matches stays pending and the
 * tasks behind it go on. What one apply looks at is bounded: {@link #MAX_LOOKED_AT} tasks in
 * all, an equal part of them per queue, and {@link #MAX_PASSED_OVER} kinds of task (queue and
 * selector) without a match.
 */
final class Placement {
    /** Kinds of task (queue and selector) that may find no free member in one entry before it stops looking. */
    static final int MAX_PASSED_OVER = 1_000;
    /** Pending tasks one entry looks at, at most: bounds an apply behind a long line of unplaceable tasks. */
    static final int MAX_LOOKED_AT = 20_000;

    private final TaskTable tasks;
    private final MemberTable members;

    Placement(TaskTable tasks, MemberTable members) {
        this.tasks = tasks;
        this.members = members;
    }

    /** Starts up to {@code max_starts} pending tasks; returns how many it started. */
    int place(dev.workcluster.leader.state.proto.Placement request, long now) {
        if (tasks.pendingCount() == 0 || request.getMaxStarts() == 0) {
            return 0;
        }
        List<MemberRecord> candidates = candidates(request);
        if (candidates.isEmpty()) {
            return 0;
        }
        List<Start> starts = choose(candidates, request.getMaxStarts(), request.getRotation());
        // Started only now: starting a task takes it out of the lines chosen from.
        for (Start start : starts) {
            tasks.start(start.task, start.member.id(), now);
            start.member.started(start.task.id());
        }
        return starts.size();
    }

    /**
     * Whether the next placement could start anything on {@code free} (members with a free slot):
     * the same choice as {@link #place}, with the same bounds, so a dispatcher that asks this never
     * proposes placing entries that start nothing.
     */
    boolean someTaskFits(List<MemberRecord> free) {
        return !free.isEmpty()
                && tasks.pendingCount() > 0
                && !choose(free, 1, 0).isEmpty();
    }

    private record Start(TaskRecord task, MemberRecord member) {}

    /** A queue's kind of task that found no free member. */
    private record Kind(String queue, Selector selector) {}

    private List<Start> choose(List<MemberRecord> candidates, int maxStarts, int rotation) {
        FreeSlots free = new FreeSlots(candidates, rotation);
        PriorityQueue<QueueTurn> turns = new PriorityQueue<>();
        for (NamedQueue queue : tasks.queues().waiting()) {
            QueueSettings settings = tasks.queues().settings(queue.name);
            if (!settings.full(queue.running())) {
                turns.add(new QueueTurn(queue, settings));
            }
        }
        // Each queue gets an equal part of the entry's bounds, so one queue's line of tasks no
        // free member can take does not use up what the other queues need.
        int lookBudget = turns.isEmpty() ? 0 : Math.max(1, MAX_LOOKED_AT / turns.size());
        int passBudget = turns.isEmpty() ? 0 : Math.max(1, MAX_PASSED_OVER / turns.size());
        List<Start> starts = new ArrayList<>();
        // Free slots only go down while one entry places: a kind of task that found no free
        // member finds none for the rest of it, so the tasks of that kind are passed over.
        Set<Kind> unmatched = new HashSet<>();
        int looked = 0;
        while (!turns.isEmpty() && free.any() && starts.size() < maxStarts && looked < MAX_LOOKED_AT) {
            QueueTurn turn = turns.poll();
            if (turn.looked == 0 && !free.anyTakes(turn.queue.name)) {
                continue; // no free member takes this queue at all
            }
            TaskRecord task = turn.next();
            if (task == null || turn.looked > lookBudget) {
                continue; // the queue has nothing more this entry can start
            }
            looked++;
            Kind kind = new Kind(turn.queue.name, task.selector());
            MemberRecord member = unmatched.contains(kind) ? null : free.take(task);
            if (member != null) {
                starts.add(new Start(task, member));
                turn.started++;
            } else if (unmatched.add(kind) && ++turn.passedOver >= passBudget) {
                continue; // this queue has passed over as many kinds of task as it may
            }
            if (member == null && task.selector().isAny()) {
                continue; // no free member takes this queue now
            }
            if (!turn.settings.full(turn.queue.running() + turn.started)) {
                turns.add(turn);
            }
        }
        return starts;
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
