package dev.workcluster.e2e;

import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs each task for a little while and records what the cluster asked of it:
 * how often each task ran, whether a task (or one attempt of it) ever ran twice at
 * the same time, when every run started, and when the first run after a given
 * instant started. One instance is shared by all workers of a test, so "twice at
 * the same time" covers two workers as well as one.
 */
final class RecordingHandler implements TaskHandler {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    /** Runs in progress per task id, and per "task#attempt". */
    private final Map<String, Integer> running = new ConcurrentHashMap<>();

    private final Map<String, Integer> runningAttempts = new ConcurrentHashMap<>();
    final AtomicInteger concurrentDuplicates = new AtomicInteger();
    final AtomicInteger concurrentAttemptDuplicates = new AtomicInteger();
    /** "task#attempt" of every run that started while the same task was already running. */
    final List<String> duplicated = new CopyOnWriteArrayList<>();
    /** System.nanoTime() at the start of every run. */
    final List<Long> starts = new CopyOnWriteArrayList<>();

    private final AtomicLong firstStartAfter = new AtomicLong(Long.MAX_VALUE);
    private final Function<String, Duration> workTime;
    private volatile long watchFrom = Long.MAX_VALUE;

    /** Every run takes 20 ms. */
    RecordingHandler() {
        this(id -> Duration.ofMillis(20));
    }

    /** A run of a task takes {@code workTime.apply(taskId)}. */
    RecordingHandler(Function<String, Duration> workTime) {
        this.workTime = workTime;
    }

    /** From now on, remember when the first task starts (nanoTime). */
    void noteFirstStartAfter(long nanoTime) {
        watchFrom = nanoTime;
        firstStartAfter.set(Long.MAX_VALUE);
    }

    long firstStartAfter() {
        return firstStartAfter.get();
    }

    /** How many runs started in [from, to) (nanoTime). */
    /** The tasks some handler runs now. */
    java.util.Set<String> running() {
        return java.util.Set.copyOf(running.keySet());
    }

    long startsBetween(long from, long to) {
        return starts.stream().filter(t -> t >= from && t < to).count();
    }

    @Override
    public String handle(TaskContext context) throws Exception {
        long now = System.nanoTime();
        starts.add(now);
        if (now >= watchFrom) {
            firstStartAfter.accumulateAndGet(now, Math::min);
        }
        String attempt = context.taskId() + "#" + context.attempt();
        if (running.merge(context.taskId(), 1, Integer::sum) > 1) {
            concurrentDuplicates.incrementAndGet();
            duplicated.add(attempt);
        }
        if (runningAttempts.merge(attempt, 1, Integer::sum) > 1) {
            concurrentAttemptDuplicates.incrementAndGet();
        }
        runs.computeIfAbsent(context.taskId(), id -> new AtomicInteger()).incrementAndGet();
        try {
            // stands in for some work
            new CountDownLatch(1).await(workTime.apply(context.taskId()).toMillis(), TimeUnit.MILLISECONDS);
            return "ok";
        } finally {
            running.computeIfPresent(context.taskId(), (id, n) -> n == 1 ? null : n - 1);
            runningAttempts.computeIfPresent(attempt, (id, n) -> n == 1 ? null : n - 1);
        }
    }
}
