package dev.workcluster.e2e;

import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler the test drives: payload {@code block} waits until the test releases it
 * (or the task is cancelled), {@code fail} throws, {@code fail-permanently} throws a
 * non-retryable error; anything else returns at once. It records every run.
 */
final class ControlledHandler implements TaskHandler {
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    void releaseAll() {
        release.countDown();
    }

    @Override
    public String handle(TaskContext context) throws Exception {
        started.add(context.taskId());
        runs.computeIfAbsent(context.taskId(), id -> new AtomicInteger()).incrementAndGet();
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            switch (context.payload()) {
                case "block" -> {
                    while (!release.await(10, TimeUnit.MILLISECONDS)) {
                        if (context.isCancelled()) {
                            cancelled.add(context.taskId());
                            context.throwIfCancelled();
                        }
                    }
                }
                case "fail" -> throw new IllegalStateException("failed on purpose, attempt " + context.attempt());
                case "fail-permanently" -> throw new NonRetryableTaskException("cannot ever work");
                default -> {}
            }
            return "done " + context.taskId() + " attempt " + context.attempt();
        } catch (InterruptedException e) {
            cancelled.add(context.taskId());
            throw e;
        } finally {
            concurrent.decrementAndGet();
        }
    }
}
