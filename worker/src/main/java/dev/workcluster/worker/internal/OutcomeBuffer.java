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
 * remembers the session it was last sent on, so it goes out once per session: again
 * after a reconnect, never twice on the same stream. Thread-safe.
 */
public final class OutcomeBuffer {
    private final Map<AttemptKey, Pending> pending = new LinkedHashMap<>();

    private static final class Pending {
        final TaskOutcome outcome;
        long sentOnSession = -1;

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
        if (pending.isEmpty()) {
            notifyAll();
        }
        return removed;
    }

    public synchronized boolean contains(AttemptKey key) {
        return pending.containsKey(key);
    }

    public synchronized List<AttemptKey> keys() {
        return new ArrayList<>(pending.keySet());
    }

    public synchronized int size() {
        return pending.size();
    }

    /** The outcomes not yet sent on this session, now marked as sent on it, oldest first. */
    public synchronized List<TaskOutcome> takeUnsent(long session) {
        List<TaskOutcome> unsent = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.sentOnSession != session) {
                p.sentOnSession = session;
                unsent.add(p.outcome);
            }
        }
        return unsent;
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
