package dev.workcluster.client.internal;

import java.time.Duration;

/**
 * How long a {@link WatchStream} has gone without a working call, and the pause before the next
 * try: 50 ms after a call that worked, doubling up to 1 s like {@link Calls}' retries, until
 * the pause would end past {@code retryFor}. Not thread-safe: the stream's lock guards it.
 */
final class Outage {
    private final Duration retryFor;
    private long since = -1;
    private Duration pause = Calls.FIRST_PAUSE;

    Outage(Duration retryFor) {
        this.retryFor = retryFor;
    }

    /** A call worked: the next break begins a new outage. */
    void over() {
        since = -1;
    }

    /**
     * A call ended at {@code now}; {@code worked}: it served the watch before it did.
     *
     * @return the pause before the next try, or null when the patience is spent
     */
    Duration nextTry(boolean worked, long now) {
        if (worked || since < 0) {
            since = now;
            pause = Calls.FIRST_PAUSE;
        }
        if (now + pause.toNanos() - since > retryFor.toNanos()) {
            return null;
        }
        Duration next = pause;
        pause = Calls.nextPause(pause);
        return next;
    }
}
