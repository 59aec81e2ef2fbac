package dev.workcluster.bench;

import java.time.Duration;

/**
 * How a scenario runs.
 *
 * @param quick a shorter run (the whole scenario under 60 s) with the same fields
 * @param rate  offered tasks per second, for scenarios that hold a fixed rate
 */
public record BenchOptions(boolean quick, int rate) {
    public static final int DEFAULT_RATE = 1_000;

    public BenchOptions {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be > 0 tasks/s, got " + rate);
        }
    }

    /** The quick or the full length of a phase. */
    public Duration phase(Duration quickLength, Duration fullLength) {
        return quick ? quickLength : fullLength;
    }
}
