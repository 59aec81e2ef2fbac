package dev.workcluster.bench;

import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The seed's way to submit: one unary ScheduleTask per task, from {@code callers} threads at once,
 * each waiting for its answer before its next call. Reports calls per second and the call latency
 * as each caller saw it.
 */
final class UnarySubmit {
    private static final long CALL_DEADLINE_SECONDS = 30;

    private final Channel channel;
    private final String idPrefix = "unary-" + Long.toString(System.nanoTime(), 36) + "-";

    UnarySubmit(Channel channel) {
        this.channel = channel;
    }

    /** Makes {@code calls} calls in all and returns the figures as {@code name → value}. */
    Map<String, Object> run(int calls, int callers) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Histogram> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        SchedulerServiceGrpc.SchedulerServiceBlockingStub stub = SchedulerServiceGrpc.newBlockingStub(channel);
        for (int c = 0; c < callers; c++) {
            Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
            latencies.add(micros);
            threads.add(new Thread(
                    () -> {
                        for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                            long start = System.nanoTime();
                            try {
                                stub.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                                        .scheduleTask(ScheduleTaskRequest.newBuilder()
                                                .setTask(Task.newBuilder()
                                                        .setId(idPrefix + i)
                                                        .setPayload(BatchSubmit.PAYLOAD))
                                                .build());
                                micros.recordValue(Math.min(
                                        micros.getHighestTrackableValue(),
                                        TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start)));
                            } catch (StatusRuntimeException e) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, e.getMessage());
                            }
                        }
                    },
                    "unary-caller-" + c));
        }
        long from = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(); // each thread records into its own histogram; join publishes it
        }
        double seconds = (System.nanoTime() - from) / 1e9;
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        latencies.forEach(all::add);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("calls", (long) calls);
        figures.put("errors", errors.get());
        figures.put("elapsed_s", seconds);
        figures.put("per_s", (calls - errors.get()) / seconds);
        Percentiles.millis(all).forEach((percentile, ms) -> figures.put(percentile + "_ms", ms));
        if (firstError.get() != null) {
            figures.put("first_error", firstError.get());
        }
        return figures;
    }
}
