package dev.workcluster.bench;

import java.time.Duration;
import java.util.List;

/**
 * How a scenario runs.
 *
 * @param quick a shorter run (the whole scenario under 60 s) with the same fields
 * @param rate     offered tasks per second, for scenarios that hold a fixed rate
 * @param seed     what random schedules (the chaos run's faults) are drawn from
 * @param duration how long the scenario's main phase lasts, if not its own default (null)
 * @param leaders  host:port of the nodes of a cluster that is already running, for the scenarios that can
 *                 drive one instead of starting their own (empty: start their own)
 */
public record BenchOptions(boolean quick, int rate, long seed, Duration duration, List<String> leaders) {
    public static final int DEFAULT_RATE = 1_000;
    public static final long DEFAULT_SEED = 1;

    public BenchOptions {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be > 0 tasks/s, got " + rate);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be > 0, got " + duration);
        }
        leaders = List.copyOf(leaders);
        leaders.forEach(ClusterAddresses::check);
    }

    public BenchOptions(boolean quick, int rate, long seed, Duration duration) {
        this(quick, rate, seed, duration, List.of());
    }

    public BenchOptions(boolean quick, int rate) {
        this(quick, rate, DEFAULT_SEED, null);
    }

    /** True when the scenario drives the cluster at {@link #leaders} rather than one it starts. */
    public boolean external() {
        return !leaders.isEmpty();
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
