package dev.workcluster.worker.internal;

import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.TaskHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's slots: a pool of {@code slots} threads that run the user's handler, one
 * attempt per slot. A slot is taken when an attempt is admitted and freed when its handler
 * returns, whether its outcome is reported or not. No lock is held while a handler runs.
 */
public final class TaskRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    /** What became of a start request. */
    public enum Admission {
        STARTED,
        DUPLICATE,
        NO_FREE_SLOT,
        DRAINING
    }

    /** Receives the outcome of an attempt that ended on its own, on the task thread, before its slot frees. */
    @FunctionalInterface
    public interface OutcomeListener {
        void onOutcome(RunningTask task, Outcome outcome);
    }

    private final int slots;
    private final TaskHandler handler;
    private final OutcomeListener listener;
    private final BooleanSupplier mayStart;
    private final Consumer<AttemptKey> progress;
    private final ExecutorService pool;
    private final Map<AttemptKey, RunningTask> tasks = new LinkedHashMap<>();
    private boolean draining;

    public TaskRunner(int slots, TaskHandler handler, OutcomeListener listener) {
        this(slots, handler, listener, () -> true);
    }

    /**
     * {@code mayStart} is asked on the slot thread right before a handler begins: false stops
     * the attempt unreported (its start was admitted, but the worker may have been paused
     * since, and the run may belong to another worker by now).
     */
    public TaskRunner(int slots, TaskHandler handler, OutcomeListener listener, BooleanSupplier mayStart) {
        this(slots, handler, listener, mayStart, key -> {});
    }

    /** {@code progress}: sends a handler's progress report about its attempt to the leader (any thread). */
    public TaskRunner(
            int slots,
            TaskHandler handler,
            OutcomeListener listener,
            BooleanSupplier mayStart,
            Consumer<AttemptKey> progress) {
        this.slots = slots;
        this.handler = handler;
        this.listener = listener;
        this.mayStart = mayStart;
        this.progress = progress;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(slots, slots, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "workcluster-task-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the attempt if a slot is free, it is not running already and the runner is not draining. */
    public Admission tryStart(AttemptKey key, String payload, int maxAttempts) {
        return tryStart(key, payload, maxAttempts, Duration.ZERO);
    }

    /** The same, for a task with a heartbeat timeout (zero for none): its handler's heartbeats are reported. */
    public Admission tryStart(AttemptKey key, String payload, int maxAttempts, Duration heartbeatTimeout) {
        RunningTask task;
        synchronized (this) {
            if (draining) {
                return Admission.DRAINING;
            }
            if (tasks.containsKey(key)) {
                return Admission.DUPLICATE;
            }
            if (tasks.size() >= slots) {
                return Admission.NO_FREE_SLOT;
            }
            task = new RunningTask(key, payload, maxAttempts, heartbeatTimeout, progress);
            tasks.put(key, task);
        }
        TaskLog.about(log.atDebug(), key).log("event=task_started {}");
        pool.execute(() -> run(task));
        return Admission.STARTED;
    }

    /** Cancels the attempt without reporting it; false if it is not running. */
    public boolean stop(AttemptKey key) {
        RunningTask task;
        synchronized (this) {
            task = tasks.get(key);
        }
        return task != null && task.stop();
    }

    /** Cancels every running attempt of the task (push mode knows no attempts); false if none ran. */
    public boolean stopTask(String taskId) {
        boolean stopped = false;
        for (RunningTask task : snapshot()) {
            if (task.taskId().equals(taskId)) {
                stopped |= task.stop();
            }
        }
        return stopped;
    }

    /** Cancels every running attempt without reporting it; returns how many it cancelled. */
    public int stopAll() {
        int stopped = 0;
        for (RunningTask task : snapshot()) {
            if (task.stop()) {
                stopped++;
            }
        }
        return stopped;
    }

    /** From now on every start is refused with {@link Admission#DRAINING}. */
    public synchronized void drain() {
        draining = true;
    }

    /** Waits until no handler runs; false if the timeout came first. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!tasks.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Cancels every attempt still running and returns those it took back (their outcomes will not be reported). */
    public List<RunningTask> handBackAll() {
        List<RunningTask> handedBack = new ArrayList<>();
        for (RunningTask task : snapshot()) {
            if (task.handBack()) {
                handedBack.add(task);
            }
        }
        return handedBack;
    }

    /** Attempts whose handler runs and that are neither stopped nor handed back. */
    public List<AttemptKey> activeAttempts() {
        List<AttemptKey> keys = new ArrayList<>();
        for (RunningTask task : snapshot()) {
            if (task.state() == RunningTask.State.RUNNING) {
                keys.add(task.key());
            }
        }
        return keys;
    }

    /** Slots taken: handlers still executing, including cancelled ones that have not returned yet. */
    public synchronized int occupied() {
        return tasks.size();
    }

    public int slots() {
        return slots;
    }

    private synchronized List<RunningTask> snapshot() {
        return new ArrayList<>(tasks.values());
    }

    private void run(RunningTask task) {
        long started = System.nanoTime();
        Outcome outcome = null;
        if (!mayStart.getAsBoolean()) {
            task.stop();
        }
        if (task.bind(Thread.currentThread())) {
            try {
                outcome = invoke(task);
            } finally {
                task.unbind();
                Thread.interrupted();
            }
        }
        try {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (outcome != null && task.markFinished()) {
                TaskLog.about(log.atDebug(), task.key())
                        .log("event=task_finished {} success={} millis={}", outcome.isSuccess(), millis);
                listener.onOutcome(task, outcome);
            } else {
                TaskLog.about(log.atInfo(), task.key())
                        .log("event=task_ended_unreported {} state={} millis={}", task.state(), millis);
            }
        } catch (RuntimeException e) {
            TaskLog.about(log.atError(), task.key()).setCause(e).log("event=outcome_listener_failed {}");
        } finally {
            release(task);
        }
    }

    private Outcome invoke(RunningTask task) {
        try {
            return Outcome.success(handler.handle(task));
        } catch (NonRetryableTaskException e) {
            return Outcome.failure(
                    e.getMessage() != null ? e.getMessage() : e.getClass().getName(), true);
        } catch (Throwable e) {
            if (!task.isCancelled()) {
                TaskLog.about(log.atDebug(), task.key()).setCause(e).log("event=task_failed {}");
            }
            return Outcome.failure(e.toString(), false);
        }
    }

    private synchronized void release(RunningTask task) {
        tasks.remove(task.key());
        notifyAll();
    }

    /** Interrupts whatever still runs and stops the threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
