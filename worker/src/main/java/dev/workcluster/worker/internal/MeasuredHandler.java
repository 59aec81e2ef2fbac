package dev.workcluster.worker.internal;

import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.TaskCancelledException;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The user's handler with its metrics around it: how long each run took and how it ended
 * (success, failure, cancelled), failures by whether the leader retries them, and the slots
 * in use. Outside the task runner, so what is measured is exactly the user's code.
 */
public final class MeasuredHandler implements TaskHandler {
    private final TaskHandler handler;
    private final Timer success;
    private final Timer failure;
    private final Timer cancelled;
    private final Counter retryable;
    private final Counter permanent;
    private final AtomicInteger busy = new AtomicInteger();

    private MeasuredHandler(TaskHandler handler, MeterRegistry registry, int slots) {
        this.handler = handler;
        this.success = timer(registry, "success");
        this.failure = timer(registry, "failure");
        this.cancelled = timer(registry, "cancelled");
        this.retryable = failures(registry, "true");
        this.permanent = failures(registry, "false");
        Gauge.builder("workcluster_worker_slots", busy, AtomicInteger::get)
                .description("This worker's task slots, busy running a handler or free")
                .tag("state", "busy")
                .register(registry);
        Gauge.builder("workcluster_worker_slots", busy, b -> slots - b.get())
                .description("This worker's task slots, busy running a handler or free")
                .tag("state", "free")
                .register(registry);
    }

    /** {@code handler} measured into {@code registry}, or {@code handler} itself when there is no registry. */
    public static TaskHandler of(TaskHandler handler, MeterRegistry registry, int slots) {
        return registry == null ? handler : new MeasuredHandler(handler, registry, slots);
    }

    @Override
    public String handle(TaskContext context) throws Exception {
        long started = System.nanoTime();
        busy.incrementAndGet();
        Timer outcome = failure;
        try {
            String result = handler.handle(context);
            outcome = success;
            return result;
        } catch (TaskCancelledException e) {
            outcome = cancelled;
            throw e;
        } catch (NonRetryableTaskException e) {
            permanent.increment();
            throw e;
        } catch (Exception | Error e) {
            if (context.isCancelled()) {
                outcome = cancelled;
            } else {
                retryable.increment();
            }
            throw e;
        } finally {
            busy.decrementAndGet();
            outcome.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("workcluster_worker_task")
                .description("Runs of the handler on this worker and how long each took, by how it ended")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    private static Counter failures(MeterRegistry registry, String retried) {
        return Counter.builder("workcluster_worker_task_failures")
                .description("Handler runs that failed, by whether the leader retries the task")
                .tag("retryable", retried)
                .register(registry);
    }
}
