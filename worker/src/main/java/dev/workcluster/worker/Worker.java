package dev.workcluster.worker;

import dev.workcluster.worker.internal.ChannelFactory;
import dev.workcluster.worker.internal.Channels;
import dev.workcluster.worker.internal.MeasuredHandler;
import dev.workcluster.worker.internal.PushModeWorker;
import dev.workcluster.worker.internal.StreamWorker;
import dev.workcluster.worker.internal.WorkerEngine;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running workcluster worker: it connects to the leader, receives tasks, runs them with
 * the {@link TaskHandler} on up to {@link WorkerOptions#slots()} threads, and reports each
 * outcome. It reconnects by itself when the leader or the network goes away (running
 * tasks keep running meanwhile), follows the leader after a failover, and stops
 * gracefully: {@link #shutdown(Duration)} lets running tasks finish, then gives back
 * whatever is still running so another worker can take it.
 *
 * <pre>{@code
 * import dev.workcluster.worker.*;
 *
 * public final class ResizeWorker {
 *     public static void main(String[] args) throws InterruptedException {
 *         WorkerOptions options = WorkerOptions.newBuilder()
 *                 .setLeaderAddresses("leader-1:50051", "leader-2:50051")
 *                 .setSlots(4)
 *                 .build();
 *         TaskHandler handler = context -> {
 *             if (context.payload().isBlank()) {
 *                 throw new NonRetryableTaskException("nothing to resize");  // fail at once
 *             }
 *             context.throwIfCancelled();             // honour StopTask between steps
 *             return "resized " + context.payload();  // the task's result
 *         };
 *         Worker worker = Worker.start(options, handler);
 *         worker.installShutdownHook();  // SIGTERM drains instead of dropping tasks
 *         worker.awaitTermination();
 *     }
 * }
 * }</pre>
 *
 * <p>The worker's threads are daemon threads: keep the process alive with
 * {@link #awaitTermination()} (or your own application's lifecycle). A thrown exception
 * fails the attempt and the leader retries the task; handlers should be idempotent,
 * since a task whose worker dies is run again elsewhere.
 */
public final class Worker implements AutoCloseable {
    private final WorkerOptions options;
    private final WorkerEngine engine;
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private Thread shutdownHook;

    private Worker(WorkerOptions options, WorkerEngine engine) {
        this.options = options;
        this.engine = engine;
    }

    /**
     * Starts a worker and returns at once; it connects to the leader in the background and
     * keeps retrying while no leader answers.
     *
     * @param options where the leader is and how to behave
     * @param handler the code that runs each task
     * @return the running worker; close it (or call {@link #shutdown(Duration)}) to stop it
     * @throws java.io.UncheckedIOException when TLS files cannot be read, or push mode cannot bind its port
     */
    public static Worker start(WorkerOptions options, TaskHandler handler) {
        Objects.requireNonNull(options, "options");
        return start(options, handler, Channels.factory(options.tls()));
    }

    /** Same as {@link #start(WorkerOptions, TaskHandler)} with channels from the given factory; for tests. */
    static Worker start(WorkerOptions options, TaskHandler handler, ChannelFactory channels) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        TaskHandler measured = MeasuredHandler.of(handler, options.meterRegistry(), options.slots());
        WorkerEngine engine = options.transport() == Transport.PUSH
                ? new PushModeWorker(options, measured, channels)
                : new StreamWorker(options, measured, channels);
        engine.start();
        return new Worker(options, engine);
    }

    /** This worker's member id. */
    public String id() {
        return options.workerId();
    }

    /** Handlers executing right now (including cancelled ones that have not returned yet). */
    public int runningTasks() {
        return engine.runningTasks();
    }

    /**
     * Graceful stop: takes no new tasks and tells the leader so, lets running tasks finish
     * within {@code grace}, then cancels the rest and hands them back to the leader, leaves
     * the cluster and closes every connection. Blocks until done: about {@code grace} plus a
     * few seconds at most. Calling it again (or concurrently) just waits for the first call.
     *
     * @param grace how long running tasks may take to finish before they are cancelled and handed back
     */
    public void shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
        if (!shutdownStarted.compareAndSet(false, true)) {
            awaitTerminationUninterruptibly();
            return;
        }
        removeShutdownHook();
        try {
            engine.drainAndStop(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminated.countDown();
        }
    }

    /** {@link #shutdown(Duration)} with {@link WorkerOptions#shutdownGrace()}. */
    @Override
    public void close() {
        shutdown(options.shutdownGrace());
    }

    /**
     * Blocks until the worker has shut down.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * Registers a JVM shutdown hook that calls {@link #close()}, so SIGTERM or Ctrl-C drains
     * the worker. Optional; calling it twice returns the same hook. Remove it with
     * {@link Runtime#removeShutdownHook(Thread)} if needed.
     *
     * @return the registered hook thread
     */
    public synchronized Thread installShutdownHook() {
        if (shutdownHook == null) {
            Thread hook = new Thread(this::close, "workcluster-worker-shutdown-" + id());
            Runtime.getRuntime().addShutdownHook(hook);
            shutdownHook = hook;
        }
        return shutdownHook;
    }

    private synchronized void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook runs and finds the worker stopping
            }
        }
    }

    private void awaitTerminationUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Worker{" + id() + ", " + options.transport() + "}";
    }
}
