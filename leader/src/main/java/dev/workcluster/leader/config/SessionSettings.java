package dev.workcluster.leader.config;

import java.time.Duration;

/**
 * Liveness of library workers' session streams.
 *
 * @param reconnectGrace          how long a worker whose stream broke may take to reconnect
 *                                before it is expired and its tasks requeued; a new session
 *                                also gets it on top of its first heartbeat deadline, which
 *                                spans the Welcome's way out and the heartbeat's way back
 * @param missedHeartbeats        an open but silent stream expires after this many of the
 *                                worker's heartbeat intervals
 * @param maxSlots                most slots one worker may offer
 */
public record SessionSettings(Duration reconnectGrace, int missedHeartbeats, int maxSlots) {
    public static final Duration DEFAULT_RECONNECT_GRACE = Duration.ofSeconds(5);
    public static final int DEFAULT_MISSED_HEARTBEATS = 3;
    public static final int DEFAULT_MAX_SLOTS = 1024;

    public SessionSettings {
        LeaderConfig.requirePositive("session reconnect grace", reconnectGrace);
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("session missed heartbeats must be >= 1, got " + missedHeartbeats);
        }
        if (maxSlots < 1) {
            throw new IllegalArgumentException("session max slots must be >= 1, got " + maxSlots);
        }
    }

    public static SessionSettings defaults() {
        return new SessionSettings(DEFAULT_RECONNECT_GRACE, DEFAULT_MISSED_HEARTBEATS, DEFAULT_MAX_SLOTS);
    }
}
