package dev.workcluster.worker.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread on which a component's state changes happen in order, so that state
 * needs no locks. Work posted after {@link #shutdown()} is dropped; a failing task is
 * logged and does not kill the thread.
 */
public final class ControlThread {
    private static final Logger log = LoggerFactory.getLogger(ControlThread.class);
    private final ScheduledThreadPoolExecutor executor;

    public ControlThread(String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    public void post(Runnable task) {
        try {
            executor.execute(guard(task));
        } catch (RejectedExecutionException e) {
            log.debug("event=control_task_dropped reason=shut_down");
        }
    }

    /** Runs the task after the delay; null if the thread is shut down. */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return executor.schedule(guard(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Runs the task every period, first after one period; null if the thread is shut down. */
    public ScheduledFuture<?> every(Runnable task, Duration period) {
        try {
            long nanos = period.toNanos();
            return executor.scheduleAtFixedRate(guard(task), nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Runs what was already posted (not timers), waits a moment for it, then stops the thread. */
    public void shutdown() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    public static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("event=control_task_failed", e);
            }
        };
    }
}
