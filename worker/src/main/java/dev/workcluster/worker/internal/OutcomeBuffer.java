package dev.workcluster.worker.internal;

import dev.workcluster.proto.cluster.v1.TaskOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Outcomes sent (or waiting to be sent) but not yet acknowledged by the leader. Each
 * remembers the session it was last sent on and when: it goes out again after a
 * reconnect, and again on the same session when no acknowledgement came for a while
 * (the leader may have failed to commit it, and says nothing then). Acknowledged
 * attempts are remembered for a while, so a late duplicate start of one is ignored.
 * Thread-safe.
 */
public final class OutcomeBuffer {
    /** How many acknowledged attempts are remembered. */
    static final int RECENTLY_ACKNOWLEDGED = 4096;

    private final Map<AttemptKey, Pending> pending = new LinkedHashMap<>();
    private final Map<AttemptKey, Boolean> acknowledged = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<AttemptKey, Boolean> eldest) {
            return size() > RECENTLY_ACKNOWLEDGED;
        }
    };

    private static final class Pending {
        final TaskOutcome outcome;
        long sentOnSession = -1;
        long sentAtNanos;

        Pending(TaskOutcome outcome) {
            this.outcome = outcome;
        }
    }

    public static AttemptKey keyOf(TaskOutcome outcome) {
        return new AttemptKey(outcome.getTaskId(), outcome.getAttempt(), outcome.getAssignment());
    }

    public synchronized void add(TaskOutcome outcome) {
        pending.putIfAbsent(keyOf(outcome), new Pending(outcome));
    }

    /** The leader recorded it; false if it was not pending. */
    public synchronized boolean ack(AttemptKey key) {
        boolean removed = pending.remove(key) != null;
        if (removed) {
            acknowledged.put(key, Boolean.TRUE);
        }
        if (pending.isEmpty()) {
            notifyAll();
        }
        return removed;
    }

    /** Whether this attempt finished here: its outcome waits for an acknowledgement, or got one lately. */
    public synchronized boolean contains(AttemptKey key) {
        return pending.containsKey(key) || acknowledged.containsKey(key);
    }

    public synchronized List<AttemptKey> keys() {
        return new ArrayList<>(pending.keySet());
    }

    public synchronized int size() {
        return pending.size();
    }

    /**
     * The outcomes to send on this session now, oldest first: those not sent on it yet, and
     * those sent on it at least {@code resendAfterNanos} before {@code nowNanos} without an
     * acknowledgement. They are marked as sent on it, now.
     */
    public synchronized List<TaskOutcome> takeDue(long session, long nowNanos, long resendAfterNanos) {
        List<TaskOutcome> due = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.sentOnSession != session || nowNanos - p.sentAtNanos >= resendAfterNanos) {
                p.sentOnSession = session;
                p.sentAtNanos = nowNanos;
                due.add(p.outcome);
            }
        }
        return due;
    }

    /** Waits until every outcome is acknowledged; false if the timeout came first. */
    public synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
