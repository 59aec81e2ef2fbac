package dev.workcluster.leader.testing;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A clock and a timer that move only when the test says so: {@link #advance} runs every
 * task that falls due, in due order, on the test's thread, with the clock set to each
 * task's due time while it runs. Supports the one-shot {@code schedule(Runnable, ...)}
 * (and {@code execute}, as a task due now); periodic and Callable scheduling are not needed.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    /** Arbitrary, far from 0 and from overflow, as {@link System#nanoTime} is. */
    private static final long START_NANOS = 1_000_000_000_000L;

    private static final long START_WALL_MILLIS = 1_700_000_000_000L;

    private final PriorityQueue<Job> due = new PriorityQueue<>();
    private long nanos = START_NANOS;
    private long scheduled;
    private boolean shutdown;

    public synchronized long nanoTime() {
        return nanos;
    }

    /** Wall-clock milliseconds that move with {@link #nanoTime()}. */
    public synchronized long wallMillis() {
        return START_WALL_MILLIS + TimeUnit.NANOSECONDS.toMillis(nanos - START_NANOS);
    }

    /** Moves the clock forward by {@code step}, running what falls due on the way (tasks they schedule too). */
    public synchronized void advance(Duration step) {
        long target = nanos + step.toNanos();
        for (Job next = due.peek(); next != null && next.dueNanos - target <= 0; next = due.peek()) {
            due.poll();
            nanos = Math.max(nanos, next.dueNanos);
            next.run();
        }
        nanos = target;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException("manual scheduler is shut down");
        }
        Job job = new Job(command, nanos + unit.toNanos(delay), scheduled++);
        due.add(job);
        return job;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the tests that use a manual scheduler");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the tests that use a manual scheduler");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the tests that use a manual scheduler");
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> pending = List.copyOf(due);
        due.clear();
        return pending;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Job implements ScheduledFuture<Void>, Runnable {
        private final Runnable command;
        private final long dueNanos;
        private final long order;
        private boolean cancelled;
        private boolean done;

        Job(Runnable command, long dueNanos, long order) {
            this.command = command;
            this.dueNanos = dueNanos;
            this.order = order;
        }

        @Override
        public void run() {
            done = true;
            command.run();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Job job = (Job) other;
            int byDue = Long.compare(dueNanos - START_NANOS, job.dueNanos - START_NANOS);
            return byDue != 0 ? byDue : Long.compare(order, job.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualScheduler.this) {
                if (done || cancelled) {
                    return false;
                }
                cancelled = true;
                due.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Void get() {
            throw new UnsupportedOperationException("manual jobs run on the test's thread; nothing waits for them");
        }

        @Override
        public Void get(long timeout, TimeUnit unit) {
            return get();
        }
    }
}
