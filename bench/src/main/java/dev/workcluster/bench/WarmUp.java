package dev.workcluster.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How long a load runs before its window is measured: at least a minimum, then until the
 * JIT compiler has settled (it spent less than {@link #SETTLED_MILLIS_PER_SECOND} compiling in
 * the last second), at most a maximum. On two cores the compiler threads take a third of the
 * machine for the first ten to twenty seconds of a run; a window that opens while they still
 * work measures the compiler, not the code.
 */
final class WarmUp {
    static final long SETTLED_MILLIS_PER_SECOND = 50;
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private WarmUp() {}

    /** Returns once warm, after {@code min} at least and {@code max} at most; how long it took. */
    static Duration await(Duration min, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        Polling.sleepUntil(start + min.toNanos());
        long deadline = start + max.toNanos();
        long before = jitMillis();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            long now = jitMillis();
            if (now - before < SETTLED_MILLIS_PER_SECOND) {
                break;
            }
            before = now;
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Milliseconds the JIT compiler has worked since the JVM started (0 if the JVM does not say). */
    static long jitMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }
}
