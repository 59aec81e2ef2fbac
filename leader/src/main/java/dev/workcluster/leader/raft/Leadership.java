package dev.workcluster.leader.raft;

/**
 * Told when this node becomes a Raft leader that has applied the whole committed
 * log (and may act on the state), and when it stops being one. Called from
 * Ratis threads: implementations hand off and return at once.
 */
public interface Leadership {
    void leaderReady();

    void leadershipLost();
}
