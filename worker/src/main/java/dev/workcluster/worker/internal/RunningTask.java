package dev.workcluster.worker.internal;

import dev.workcluster.worker.TaskCancelledException;
import dev.workcluster.worker.TaskContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One attempt in a slot, and the {@link TaskContext} its handler sees. Its state moves
 * once from RUNNING to exactly one of FINISHED (the outcome is reported), STOPPED (the
 * leader cancelled it) or HANDED_BACK (shutdown gave it back), so an attempt is reported
 * or given back at most once whatever races happen.
 */
public final class RunningTask implements TaskContext {
    /** Where an attempt is in its life. */
    public enum State {
        RUNNING,
        FINISHED,
        STOPPED,
        HANDED_BACK
    }

    /** Reports per heartbeat timeout at most: a lost or late one still leaves time for the next. */
    static final int REPORTS_PER_TIMEOUT = 4;

    private final AttemptKey key;
    private final String payload;
    private final int maxAttempts;
    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final Consumer<AttemptKey> progress;
    /** At most one progress report per this many nanoseconds; 0: the task has no heartbeat timeout. */
    private final long reportEveryNanos;

    private final AtomicLong lastReportNanos;
    private volatile boolean cancelled;
    private Thread thread;

    public RunningTask(AttemptKey key, String payload, int maxAttempts) {
        this(key, payload, maxAttempts, Duration.ZERO, ignored -> {});
    }

    /**
     * {@code heartbeatTimeout}: the task's (zero for none); {@code progress} sends a report about this attempt,
     * a few per heartbeat timeout at most, so a handler may call {@link #heartbeat()} in a tight loop.
     */
    public RunningTask(
            AttemptKey key, String payload, int maxAttempts, Duration heartbeatTimeout, Consumer<AttemptKey> progress) {
        this.key = key;
        this.payload = payload;
        this.maxAttempts = maxAttempts;
        this.progress = progress;
        this.reportEveryNanos = heartbeatTimeout.toNanos() / REPORTS_PER_TIMEOUT;
        this.lastReportNanos = new AtomicLong(System.nanoTime() - reportEveryNanos);
    }

    public AttemptKey key() {
        return key;
    }

    public State state() {
        return state.get();
    }

    @Override
    public String taskId() {
        return key.taskId();
    }

    @Override
    public String payload() {
        return payload;
    }

    @Override
    public int attempt() {
        return key.attempt();
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public int assignment() {
        return key.assignment();
    }

    @Override
    public void heartbeat() {
        if (reportEveryNanos == 0 || state.get() != State.RUNNING) {
            return;
        }
        long now = System.nanoTime();
        long last = lastReportNanos.get();
        if (now - last >= reportEveryNanos && lastReportNanos.compareAndSet(last, now)) {
            progress.accept(key);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void throwIfCancelled() {
        if (cancelled) {
            throw new TaskCancelledException("task " + key + " was cancelled");
        }
    }

    /** The leader stopped this attempt: cancel it and never report it. False if it had already ended. */
    public boolean stop() {
        return endWithCancel(State.STOPPED);
    }

    /** Shutdown gives this attempt back: cancel it and never report it. False if it had already ended. */
    public boolean handBack() {
        return endWithCancel(State.HANDED_BACK);
    }

    /** The handler ended on its own; true if its outcome should be reported. */
    boolean markFinished() {
        return state.compareAndSet(State.RUNNING, State.FINISHED);
    }

    /** Called on the task thread before the handler runs; false if it was cancelled before it started. */
    synchronized boolean bind(Thread current) {
        if (state.get() != State.RUNNING) {
            return false;
        }
        thread = current;
        return true;
    }

    /** Called on the task thread after the handler returns; no interrupt can reach it after this. */
    synchronized void unbind() {
        thread = null;
    }

    private boolean endWithCancel(State end) {
        if (!state.compareAndSet(State.RUNNING, end)) {
            return false;
        }
        cancelled = true;
        synchronized (this) {
            if (thread != null) {
                thread.interrupt();
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "RunningTask{" + key + ", " + state.get() + "}";
    }
}
