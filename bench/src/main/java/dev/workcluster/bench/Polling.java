package dev.workcluster.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Waiting in scenario code: until a moment, or until a condition holds, within a deadline. */
public final class Polling {
    private static final long PAUSE_MILLIS = 20;

    private Polling() {}

    /** Sleeps until {@link System#nanoTime()} reaches {@code nanos}. */
    public static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 1_000)));
        }
    }

    /** Checks {@code condition} every few milliseconds; false if it still does not hold after {@code timeout}. */
    public static boolean until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(PAUSE_MILLIS);
        }
        return true;
    }

    /**
     * Checks {@code condition} every few milliseconds for as long as {@code progress} keeps growing:
     * false once it has not grown for {@code stall}, or after {@code cap} in any case.
     */
    public static boolean untilStalled(BooleanSupplier condition, LongSupplier progress, Duration stall, Duration cap)
            throws InterruptedException {
        long start = System.nanoTime();
        long seen = progress.getAsLong();
        long lastGrowth = start;
        while (!condition.getAsBoolean()) {
            long now = System.nanoTime();
            long current = progress.getAsLong();
            if (current != seen) {
                seen = current;
                lastGrowth = now;
            }
            if (now - lastGrowth > stall.toNanos() || now - start > cap.toNanos()) {
                return false;
            }
            Thread.sleep(PAUSE_MILLIS);
        }
        return true;
    }
}
