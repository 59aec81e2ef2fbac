package dev.workcluster.leader.rpc;

import dev.workcluster.leader.cluster.WorkerSessions;
import dev.workcluster.leader.raft.RaftStatus;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.TaskStatus;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.cluster.v1.RaftPeer;
import dev.workcluster.proto.cluster.v1.TaskCounts;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

/** Answers GetStatus: Raft's view from this node plus counts read from the state. */
public final class NodeStatus {
    private final GuardedState state;
    private final Supplier<RaftStatus> raft;
    private final Function<String, String> clientAddressOfNode;
    private final WorkerSessions sessions;
    private final Clock clock;
    private final String version;

    /** {@code clientAddressOfNode}: a node id to the host:port of its cluster.v1 port ("" when unknown). */
    public NodeStatus(
            GuardedState state,
            Supplier<RaftStatus> raft,
            Function<String, String> clientAddressOfNode,
            WorkerSessions sessions,
            Clock clock,
            String version) {
        this.state = state;
        this.raft = raft;
        this.clientAddressOfNode = clientAddressOfNode;
        this.sessions = sessions;
        this.clock = clock;
        this.version = version;
    }

    GetStatusResponse now() {
        RaftStatus group = raft.get();
        GetStatusResponse.Builder status = GetStatusResponse.newBuilder()
                .setNodeId(group.nodeId())
                .setRole(group.role())
                .setLeaderReady(group.leaderReady())
                .setTerm(group.term())
                .setLeaderId(group.leaderId())
                .setLeaderAddress(clientAddressOfNode.apply(group.leaderId()))
                .setCommitIndex(group.commitIndex())
                .setAppliedIndex(group.appliedIndex())
                .setOpenSessions(sessions.size())
                .setVersion(version);
        boolean leader = group.role().equals("LEADER");
        for (RaftStatus.Peer peer : group.peers()) {
            RaftPeer.Builder out = RaftPeer.newBuilder()
                    .setId(peer.id())
                    .setAddress(peer.address())
                    .setClientAddress(clientAddressOfNode.apply(peer.id()))
                    .setRole(peer.leader() ? "LEADER" : group.leaderId().isEmpty() ? "" : "FOLLOWER");
            if (leader && peer.commitIndex() >= 0) {
                out.setMatchIndex(peer.commitIndex()).setLag(Math.max(0, group.commitIndex() - peer.commitIndex()));
            }
            status.addPeers(out);
        }
        long now = clock.millis();
        return state.read(s -> {
            int alive = 0;
            for (MemberRecord member : s.members()) {
                alive += member.alive() ? 1 : 0;
            }
            TaskRecord oldest = s.oldestPending();
            return status.setMembersAlive(alive)
                    .setMembersTotal(s.members().size())
                    .setTasks(TaskCounts.newBuilder()
                            .setPending(s.count(TaskStatus.PENDING))
                            .setRunning(s.count(TaskStatus.RUNNING))
                            .setCompleted(s.count(TaskStatus.COMPLETED))
                            .setError(s.count(TaskStatus.ERROR))
                            .setCancelled(s.count(TaskStatus.CANCELLED))
                            .setScheduled(s.count(TaskStatus.SCHEDULED)))
                    .setOldestPendingAgeMs(oldest == null ? 0 : Math.max(0, now - oldest.readyMillis()))
                    .build();
        });
    }
}
