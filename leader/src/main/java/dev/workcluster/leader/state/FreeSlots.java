package dev.workcluster.leader.state;

import java.util.List;

/**
 * The free slots of one placement, dealt round-robin from the entry's rotation: each start
 * goes to the next member after the last one chosen that takes the task, so every free worker
 * gets work rather than the first idle one.
 */
final class FreeSlots {
    private final List<MemberRecord> members;
    private final int[] free;
    private int withRoom;
    private int next;

    FreeSlots(List<MemberRecord> members, int rotation) {
        this.members = members;
        this.free = new int[members.size()];
        for (int i = 0; i < free.length; i++) {
            free[i] = members.get(i).freeSlots();
            if (free[i] > 0) {
                withRoom++;
            }
        }
        this.next = free.length == 0 ? 0 : Integer.remainderUnsigned(rotation, free.length);
    }

    boolean any() {
        return withRoom > 0;
    }

    /** Whether some member with a free slot takes tasks of {@code queue}. */
    boolean anyTakes(String queue) {
        for (int i = 0; i < free.length; i++) {
            if (free[i] > 0 && members.get(i).takes(queue)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a slot for {@code task} on the first member from the rotation on that takes its queue
     * and matches its selector; null when none does.
     */
    MemberRecord take(TaskRecord task) {
        Selector selector = task.selector();
        for (int i = 0, at = next; i < free.length; i++, at = (at + 1) % free.length) {
            MemberRecord member = members.get(at);
            if (free[at] > 0 && member.takes(task.queue()) && (selector.isAny() || selector.matches(member.labels()))) {
                if (--free[at] == 0) {
                    withRoom--;
                }
                next = (at + 1) % free.length;
                return member;
            }
        }
        return null;
    }
}
