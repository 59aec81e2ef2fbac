package dev.workcluster.leader.raft;

import java.util.List;

/**
 * This node's view of the Raft group.
 *
 * @param leaderReady true only while this node leads and has applied the log of earlier terms (it takes writes)
 * @param leaderId empty while no leader is known
 * @param peers    every member of the group, this node included
 */
public record RaftStatus(
        String nodeId,
        String role,
        boolean leaderReady,
        long term,
        String leaderId,
        long commitIndex,
        long appliedIndex,
        List<Peer> peers) {

    /** One group member; {@code commitIndex} as this node last heard it (the leader hears it from everyone). */
    public record Peer(String id, String address, boolean leader, long commitIndex) {}
}
