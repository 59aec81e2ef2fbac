package dev.workcluster.leader.raft;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a follower going again that Ratis left behind on an idle group. A follower that
 * restarts having lost the tail of its log (or all of it) answers the leader's heartbeats
 * with INCONSISTENCY, and Ratis' log appender, which has only heartbeats to send while no
 * one writes, keeps resending from its stale match index (RATIS-2523): the follower stays
 * behind, serving old reads, until the next write. So when the leader's commit index has
 * not moved since the last check and a follower behind it has not moved either, the
 * leader writes one entry that changes nothing ({@code nudge}); the real AppendEntries
 * that carries it lets the appender take the follower's hint. Called every few seconds.
 */
public final class StalledFollowers {
    private static final Logger log = LoggerFactory.getLogger(StalledFollowers.class);

    private final Supplier<RaftStatus> status;
    private final BooleanSupplier leaderReady;
    private final Runnable nudge;
    private final Map<String, Long> lastSeen = new HashMap<>();
    private long lastCommit = -1;

    public StalledFollowers(Supplier<RaftStatus> status, BooleanSupplier leaderReady, Runnable nudge) {
        this.status = status;
        this.leaderReady = leaderReady;
        this.nudge = nudge;
    }

    public void check() {
        if (!leaderReady.getAsBoolean()) {
            lastSeen.clear();
            lastCommit = -1;
            return;
        }
        RaftStatus now = status.get();
        boolean idle = now.commitIndex() == lastCommit;
        String stalled = null;
        for (RaftStatus.Peer peer : now.peers()) {
            if (peer.id().equals(now.nodeId())) {
                continue;
            }
            Long before = lastSeen.put(peer.id(), peer.commitIndex());
            if (idle && peer.commitIndex() < now.commitIndex() && before != null && before == peer.commitIndex()) {
                stalled = peer.id();
            }
        }
        lastCommit = now.commitIndex();
        if (stalled != null) {
            log.info(
                    "event=follower_nudged follower={} follower_commit={} leader_commit={}",
                    stalled,
                    lastSeen.get(stalled),
                    now.commitIndex());
            nudge.run();
        }
    }
}
