package dev.workcluster.worker.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * How long the leader still counts this worker alive, as far as the worker can prove it.
 * The leader moves a member's deadline to (arrival of its heartbeat + live timeout) and
 * acknowledges numbered heartbeats; arrival comes after sending, so once heartbeat N is
 * acknowledged the leader keeps the worker at least until (N sent + live timeout). Past
 * that, less a margin, the leader may have given the worker's runs to others: the worker
 * must stop them and start nothing more until a new Welcome. This holds across pauses
 * (SIGSTOP, GC), partitions and lost streams alike, because nothing renews the lease but
 * an acknowledgement. Not thread-safe; owned by the session's control thread.
 */
final class SessionLease {
    private static final int REMEMBERED = 64;

    private record Sent(long sequence, long atNanos) {}

    private final LongSupplier nanos;
    private final Deque<Sent> sent = new ArrayDeque<>();
    private long sequence;
    private long lengthNanos;
    // Read by slot threads (mayStart); written by the session's control thread only.
    private volatile long validUntilNanos;
    private volatile boolean active;
    private volatile boolean ended;

    SessionLease(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /**
     * A Welcome: the lease runs {@code liveTimeout} less {@code margin} from now. A leader that
     * names no live timeout grants none (older leaders), and the worker then holds no lease.
     */
    void welcomed(Duration liveTimeout, Duration margin) {
        sent.clear();
        ended = false;
        active = !liveTimeout.isZero();
        lengthNanos = Math.max(0, liveTimeout.minus(margin).toNanos());
        validUntilNanos = nanos.getAsLong() + lengthNanos;
    }

    /** The sequence number of a heartbeat being sent now. */
    long nextHeartbeat() {
        sequence++;
        if (sent.size() == REMEMBERED) {
            sent.removeFirst();
        }
        sent.addLast(new Sent(sequence, nanos.getAsLong()));
        return sequence;
    }

    /** The leader acknowledged heartbeat {@code acknowledged}: the lease runs from when it was sent. */
    void acknowledged(long acknowledged) {
        for (Sent heartbeat : sent) {
            if (heartbeat.sequence() == acknowledged) {
                long until = heartbeat.atNanos() + lengthNanos;
                if (until - validUntilNanos > 0) {
                    validUntilNanos = until;
                }
                return;
            }
        }
    }

    /** True once the lease ran out (until the next Welcome). */
    boolean expired() {
        return active && nanos.getAsLong() - validUntilNanos >= 0;
    }

    /** The lease was acted on (runs stopped): nothing more to expire until the next Welcome. */
    void end() {
        ended = true;
        active = false;
    }

    /**
     * Whether a handler may begin now: not after the lease ran out or was ended, until the
     * next Welcome. Safe from any thread. A start admitted just before a pause must not begin
     * after it, when the leader may have given the run to another worker.
     */
    boolean mayStart() {
        return !ended && !expired();
    }
}
