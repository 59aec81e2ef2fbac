package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Pairs pending tasks, in dispatch order, with free slots. Reads a view of the
 * state and returns a plan; it never touches the log (the dispatcher commits
 * the plan). Slots are dealt round-robin across members, starting at a rotating
 * offset, so every free worker gets work rather than the first idle one. Tasks and
 * slots of assignments still on their way through the log are left out.
 *
 * <p>Public only so the bench module's microbenchmarks can time a planning round
 * on its own; the dispatcher is its one caller in the leader.
 */
public final class Placement {
    private Placement() {
    }

    public static List<Assignment> plan(ClusterState state, Predicate<MemberRecord> reachable,
                                        AssignmentsInFlight inFlight, int rotation, int limit) {
        List<MemberRecord> candidates = new ArrayList<>();
        List<Integer> room = new ArrayList<>();
        for (MemberRecord member : state.members()) {
            int free = member.freeSlots() - inFlight.slotsOf(member.id());
            if (free > 0 && reachable.test(member)) {
                candidates.add(member);
                room.add(free);
            }
        }
        List<Assignment> plan = new ArrayList<>();
        if (candidates.isEmpty()) {
            return plan;
        }
        int[] free = new int[candidates.size()];
        for (int i = 0; i < free.length; i++) {
            free[i] = room.get(i);
        }
        int next = Math.floorMod(rotation, candidates.size());
        int membersWithRoom = candidates.size();
        for (TaskRecord task : state.pendingInOrder()) {
            if (membersWithRoom == 0 || plan.size() == limit) {
                break;
            }
            if (inFlight.contains(task.id())) {
                continue;
            }
            while (free[next] == 0) {
                next = (next + 1) % free.length;
            }
            MemberRecord member = candidates.get(next);
            plan.add(new Assignment(task.id(), task.payload(), task.attempt(), task.assignment() + 1,
                    task.maxAttempts(), member.id(),
                    member.transport(), member.address()));
            if (--free[next] == 0) {
                membersWithRoom--;
            }
            next = (next + 1) % free.length;
        }
        return plan;
    }
}
