package dev.workcluster.worker.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A counter one can wait on to reach zero. Thread-safe. */
final class PendingCount {
    private int count;

    synchronized void increment() {
        count++;
    }

    synchronized void decrement() {
        count--;
        if (count <= 0) {
            notifyAll();
        }
    }

    synchronized int get() {
        return count;
    }

    /** False if the timeout came first. */
    synchronized boolean awaitZero(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
