package dev.workcluster.leader.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a state as text, one line per task, member and node, followed by what the
 * state derives from them (the dispatch queue, counts, the payload in use). Two states
 * that render alike decide alike; a snapshot alone would miss a derived index that
 * went astray, and a failed comparison of two renderings reads as a line diff.
 */
final class CanonicalState {
    private CanonicalState() {}

    static String render(ClusterState state) {
        StringBuilder out = new StringBuilder();
        out.append("next sequence ").append(state.nextSequence()).append('\n');
        for (TaskRecord task : state.allTasks()) {
            out.append(line(task)).append('\n');
        }
        for (MemberRecord member : state.members()) {
            out.append(line(member)).append('\n');
        }
        state.nodes()
                .forEach((id, address) -> out.append("node ")
                        .append(id)
                        .append(" at ")
                        .append(address)
                        .append('\n'));
        state.schedules()
                .forEach(schedule -> out.append("schedule ")
                        .append(schedule.toString().replace('\n', ' '))
                        .append('\n'));
        out.append("queue ").append(States.pendingIds(state)).append('\n');
        state.queues().forEach(queue -> out.append(queue).append('\n'));
        out.append("counts");
        for (TaskStatus status : TaskStatus.values()) {
            out.append(' ').append(status).append('=').append(state.count(status));
        }
        out.append(" tasks=")
                .append(state.taskCount())
                .append(" pending=")
                .append(state.pendingCount())
                .append(" unfinished-payload=")
                .append(state.unfinishedPayloadBytes())
                .append('\n');
        TaskRecord oldest = state.oldestPending();
        out.append("oldest pending ")
                .append(oldest == null ? "none" : oldest.id())
                .append('\n');
        return out.toString();
    }

    /** Every field of the task, so a finished task that changed in any way renders differently. */
    static String line(TaskRecord task) {
        return "task " + task.id() + " #" + task.sequence() + " " + task.status()
                + " attempt " + task.attempt() + "/" + task.maxAttempts() + " assignment " + task.assignment()
                + " member '" + task.memberId() + "' " + task.priority() + " payload '" + task.payload() + "'"
                + " created " + task.createdMillis() + " started " + task.startedMillis()
                + " finished " + task.finishedMillis() + " error '" + task.error() + "' result '" + task.result() + "'"
                + " " + task.timing() + " queue order " + task.queueOrder() + " in queue " + task.queue();
    }

    static String line(MemberRecord member) {
        List<String> running = new ArrayList<>(member.runningTaskIds());
        return "member " + member.id() + " " + member.transport() + " at '" + member.address() + "' slots "
                + member.slots() + " free " + member.freeSlots()
                + (member.alive() ? " alive" : " expired at " + member.expiredMillis()) + " joined "
                + member.joinedMillis() + " incarnation " + member.incarnation()
                + " instance '" + member.instance() + "' running " + running + " takes " + member.queues();
    }
}
