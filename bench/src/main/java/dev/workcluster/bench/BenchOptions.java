package dev.workcluster.bench;

import java.time.Duration;

/**
 * How a scenario runs.
 *
 * @param quick a shorter run (the whole scenario under 60 s) with the same fields
 * @param rate     offered tasks per second, for scenarios that hold a fixed rate
 * @param seed     what random schedules (the chaos run's faults) are drawn from
 * @param duration how long the scenario's main phase lasts, if not its own default (null)
 */
public record BenchOptions(boolean quick, int rate, long seed, Duration duration) {
    public static final int DEFAULT_RATE = 1_000;
    public static final long DEFAULT_SEED = 1;

    public BenchOptions {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be > 0 tasks/s, got " + rate);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be > 0, got " + duration);
        }
    }

    public BenchOptions(boolean quick, int rate) {
        this(quick, rate, DEFAULT_SEED, null);
    }

    /** The quick or the full length of a phase. */
    public Duration phase(Duration quickLength, Duration fullLength) {
        return quick ? quickLength : fullLength;
    }

    /** {@link #duration} if given, else the quick or the full default. */
    public Duration duration(Duration quickLength, Duration fullLength) {
        return duration != null ? duration : phase(quickLength, fullLength);
    }
}
