package dev.workcluster.leader.raft;

/**
 * Told when this node becomes a Raft leader that has applied the whole committed
 * log (and may act on the state), and when it stops being one. Called from
 * Ratis threads: implementations hand off and return at once.
 */
public interface Leadership {
    void leaderReady();

    void leadershipLost();

    /** Tells each of {@code parts}, in order. */
    static Leadership all(Leadership... parts) {
        return new Leadership() {
            @Override
            public void leaderReady() {
                for (Leadership part : parts) {
                    part.leaderReady();
                }
            }

            @Override
            public void leadershipLost() {
                for (Leadership part : parts) {
                    part.leadershipLost();
                }
            }
        };
    }
}
