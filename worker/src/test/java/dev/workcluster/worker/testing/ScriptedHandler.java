package dev.workcluster.worker.testing;

import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A handler driven by the payload: {@code result:X} returns X, {@code error:X} throws a
 * retryable error, {@code fatal:X} throws {@link NonRetryableTaskException}, {@code block}
 * waits until the test {@link #release releases} the task (or it is interrupted).
 */
public final class ScriptedHandler implements TaskHandler {
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    /** Task ids in the order their handlers started (a task started twice appears twice). */
    public final List<String> started = new CopyOnWriteArrayList<>();

    public final Set<String> interrupted = ConcurrentHashMap.newKeySet();
    public final Set<String> sawCancelled = ConcurrentHashMap.newKeySet();

    @Override
    public String handle(TaskContext context) throws Exception {
        started.add(context.taskId());
        String payload = context.payload();
        if (payload.startsWith("result:")) {
            return payload.substring("result:".length());
        }
        if (payload.startsWith("error:")) {
            throw new IllegalStateException(payload.substring("error:".length()));
        }
        if (payload.startsWith("fatal:")) {
            throw new NonRetryableTaskException(payload.substring("fatal:".length()));
        }
        if (payload.equals("block")) {
            try {
                gate(context.taskId()).await();
                return "released " + context.taskId();
            } catch (InterruptedException e) {
                interrupted.add(context.taskId());
                if (context.isCancelled()) {
                    sawCancelled.add(context.taskId());
                }
                throw e;
            }
        }
        throw new IllegalArgumentException("unknown payload " + payload);
    }

    public void release(String taskId) {
        gate(taskId).countDown();
    }

    public void releaseAll() {
        gates.values().forEach(CountDownLatch::countDown);
    }

    private CountDownLatch gate(String taskId) {
        return gates.computeIfAbsent(taskId, id -> new CountDownLatch(1));
    }
}
