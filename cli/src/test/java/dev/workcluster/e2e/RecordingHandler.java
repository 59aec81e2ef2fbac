package dev.workcluster.e2e;

import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs each task for a few milliseconds and records what the cluster asked of it:
 * how often each task ran, whether any task ever ran twice at the same time, and
 * when the first run after a given instant started.
 */
final class RecordingHandler implements TaskHandler {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final Set<String> running = ConcurrentHashMap.newKeySet();
    final AtomicInteger concurrentDuplicates = new AtomicInteger();
    private final AtomicLong firstStartAfter = new AtomicLong(Long.MAX_VALUE);
    private volatile long watchFrom = Long.MAX_VALUE;

    /** From now on, remember when the first task starts (nanoTime). */
    void noteFirstStartAfter(long nanoTime) {
        watchFrom = nanoTime;
        firstStartAfter.set(Long.MAX_VALUE);
    }

    long firstStartAfter() {
        return firstStartAfter.get();
    }

    @Override
    public String handle(TaskContext context) throws Exception {
        long now = System.nanoTime();
        if (now >= watchFrom) {
            firstStartAfter.accumulateAndGet(now, Math::min);
        }
        if (!running.add(context.taskId())) {
            concurrentDuplicates.incrementAndGet();
        }
        runs.computeIfAbsent(context.taskId(), id -> new AtomicInteger()).incrementAndGet();
        try {
            new CountDownLatch(1).await(20, TimeUnit.MILLISECONDS); // stands in for a little work
            return "ok";
        } finally {
            running.remove(context.taskId());
        }
    }
}
