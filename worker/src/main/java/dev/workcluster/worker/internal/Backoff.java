package dev.workcluster.worker.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with full jitter: the n-th delay is drawn uniformly from
 * {@code [0, min(max, initial * 2^n)]}. {@link #reset()} starts over (after a success).
 * Not thread-safe; each user owns one.
 */
public final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1); injectable for tests */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The upper bound of the next delay, before jitter. */
    public Duration currentCap() {
        int shift = Math.min(failures, 62);
        long cap = initialNanos << shift;
        if (cap <= 0 || (cap >> shift) != initialNanos || cap > maxNanos) {
            cap = maxNanos;
        }
        return Duration.ofNanos(cap);
    }

    /** The next delay (jittered) and one more step up the exponential. */
    public Duration nextDelay() {
        long cap = currentCap().toNanos();
        if (failures < Integer.MAX_VALUE) {
            failures++;
        }
        double r = random.getAsDouble();
        r = Math.max(0.0, Math.min(r, 1.0));
        return Duration.ofNanos((long) (cap * r));
    }

    /** A delay drawn from the initial cap, without a step up the exponential. */
    public Duration initialDelay() {
        double r = Math.max(0.0, Math.min(random.getAsDouble(), 1.0));
        return Duration.ofNanos((long) (initialNanos * r));
    }

    /** Back to the initial cap. */
    public void reset() {
        failures = 0;
    }
}
