package dev.workcluster.leader.config;

import java.time.Duration;

/**
 * Liveness and bounds of library workers' session streams.
 *
 * @param reconnectGrace          how long a worker whose stream broke may take to reconnect
 *                                before it is expired and its tasks requeued; a new session
 *                                also gets it on top of its first heartbeat deadline, which
 *                                spans the Welcome's way out and the heartbeat's way back
 * @param missedHeartbeats        an open but silent stream expires after this many of the
 *                                worker's heartbeat intervals
 * @param maxSlots                most slots one worker may offer
 * @param sendBufferBytes         bytes of messages the leader holds for a worker that does not
 *                                read its stream (beyond what gRPC's flow-control window takes);
 *                                past it the stream is closed and treated as broken
 * @param maxProposalsInFlight    outcomes and hand-backs of one session waiting for the log; at
 *                                this many the leader stops reading the session until one commits,
 *                                so one worker cannot fill the node's proposal queue
 */
public record SessionSettings(
        Duration reconnectGrace, int missedHeartbeats, int maxSlots, long sendBufferBytes, int maxProposalsInFlight) {
    public static final Duration DEFAULT_RECONNECT_GRACE = Duration.ofSeconds(5);
    public static final int DEFAULT_MISSED_HEARTBEATS = 3;
    public static final int DEFAULT_MAX_SLOTS = 1024;
    public static final long DEFAULT_SEND_BUFFER_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_PROPOSALS_IN_FLIGHT = 256;

    public SessionSettings {
        LeaderConfig.requirePositive("session reconnect grace", reconnectGrace);
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("session missed heartbeats must be >= 1, got " + missedHeartbeats);
        }
        if (maxSlots < 1) {
            throw new IllegalArgumentException("session max slots must be >= 1, got " + maxSlots);
        }
        if (sendBufferBytes < 1) {
            throw new IllegalArgumentException("session send buffer must be >= 1 byte, got " + sendBufferBytes);
        }
        if (maxProposalsInFlight < 1) {
            throw new IllegalArgumentException(
                    "session max proposals in flight must be >= 1, got " + maxProposalsInFlight);
        }
    }

    /** Liveness settings, with the default bounds. */
    public SessionSettings(Duration reconnectGrace, int missedHeartbeats, int maxSlots) {
        this(reconnectGrace, missedHeartbeats, maxSlots, DEFAULT_SEND_BUFFER_BYTES, DEFAULT_MAX_PROPOSALS_IN_FLIGHT);
    }

    public SessionSettings withSendBufferBytes(long bytes) {
        return new SessionSettings(reconnectGrace, missedHeartbeats, maxSlots, bytes, maxProposalsInFlight);
    }

    public SessionSettings withMaxProposalsInFlight(int proposals) {
        return new SessionSettings(reconnectGrace, missedHeartbeats, maxSlots, sendBufferBytes, proposals);
    }

    public static SessionSettings defaults() {
        return new SessionSettings(DEFAULT_RECONNECT_GRACE, DEFAULT_MISSED_HEARTBEATS, DEFAULT_MAX_SLOTS);
    }
}
