package dev.workcluster.leader.rpc;

import dev.workcluster.leader.cluster.HeartbeatDeadlines;
import dev.workcluster.leader.cluster.WorkerSessions;
import dev.workcluster.leader.scheduler.WorkerDeliveries;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.Transport;
import dev.workcluster.proto.cluster.v1.Member;
import java.util.function.BooleanSupplier;

/** A member as clients see it: the replicated record plus this node's soft state about it. */
public final class MemberViews {
    private final HeartbeatDeadlines deadlines;
    private final WorkerSessions sessions;
    private final WorkerDeliveries deliveries;
    private final BooleanSupplier leading;

    /** {@code leading}: whether this node is the Raft leader, the only one that holds the soft state. */
    public MemberViews(
            HeartbeatDeadlines deadlines,
            WorkerSessions sessions,
            WorkerDeliveries deliveries,
            BooleanSupplier leading) {
        this.deadlines = deadlines;
        this.sessions = sessions;
        this.deliveries = deliveries;
        this.leading = leading;
    }

    /** Call under the state's read (or write) lock. */
    Member view(MemberRecord member) {
        return ApiMapping.member(member, deadlines.lastHeartbeatMillis(member.id()), condition(member));
    }

    private String condition(MemberRecord member) {
        if (!leading.getAsBoolean()) {
            return ""; // a follower sees the replicated record only (its watchers included)
        }
        if (member.transport() == Transport.PUSH) {
            return deliveries.isPaused(member.id()) ? "paused until it reports idle" : "";
        }
        if (!sessions.isConnected(member.id())) {
            return "disconnected, awaiting reconnect";
        }
        return sessions.isDraining(member.id()) ? "draining" : "";
    }
}
