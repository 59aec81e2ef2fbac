package dev.workcluster.bench.chaos;

import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos run's client: schedules a task at a fixed rate with the seed's unary call, each
 * with its own id, and retries one whose outcome is unknown (UNAVAILABLE, deadline, ...)
 * with the same id and payload on the next node until the cluster answers, so every
 * submit ends acknowledged or definitely refused. Now and then it cancels a task it got
 * acknowledged. Every call is recorded in {@code client.jsonl}: invoke, then ok, fail or unknown.
 */
final class ChaosClient implements AutoCloseable {
    static final int MAX_ATTEMPTS = 20;
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(3);
    private static final Duration RETRY_AFTER = Duration.ofMillis(300);
    private static final double CANCEL_SHARE = 0.05;
    private static final Set<Status.Code> UNKNOWN_OUTCOME = Set.of(
            Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED,
            Status.Code.UNKNOWN,
            Status.Code.INTERNAL,
            Status.Code.CANCELLED,
            Status.Code.ABORTED);

    private final HistoryWriter history;
    private final List<ManagedChannel> channels;
    private final Random random;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "chaos-client-timer"));
    private final ExecutorService calls = Executors.newFixedThreadPool(8, r -> daemon(r, "chaos-client-call"));
    private final AtomicInteger target = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> unresolved = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private volatile boolean submitting;

    ChaosClient(List<String> addresses, HistoryWriter history, long seed) {
        this.history = history;
        this.random = new Random(seed);
        this.channels = addresses.stream()
                .map(a -> Grpc.newChannelBuilder(a, InsecureChannelCredentials.create())
                        .build())
                .toList();
    }

    /** Submits {@code perSecond} new tasks a second until {@link #stopSubmitting()}. */
    void start(int perSecond) {
        submitting = true;
        long periodMicros = 1_000_000L / perSecond;
        timer.scheduleAtFixedRate(
                () -> {
                    if (submitting) {
                        String id = "c" + sequence.incrementAndGet();
                        String payload = "run " + (50 + nextInt(400));
                        unresolved.add(id);
                        calls.execute(() -> schedule(id, payload));
                    }
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
    }

    void stopSubmitting() {
        submitting = false;
    }

    /** Submits whose outcome is not known yet (they are being retried). */
    int unresolved() {
        return unresolved.size();
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    long submitted() {
        return sequence.get();
    }

    private void schedule(String id, String payload) {
        Task task = Task.newBuilder()
                .setId(id)
                .setPayload(payload)
                .setMaxAttempts(MAX_ATTEMPTS)
                .build();
        history.client(ClientEvent.invoke(System.currentTimeMillis(), ClientEvent.Op.SCHEDULE, id));
        try {
            stub().scheduleTask(ScheduleTaskRequest.newBuilder().setTask(task).build());
            history.client(ClientEvent.ok(System.currentTimeMillis(), ClientEvent.Op.SCHEDULE, id));
            acknowledged.add(id);
            unresolved.remove(id);
            if (nextDouble() < CANCEL_SHARE) {
                timer.schedule(() -> calls.execute(() -> cancel(id)), 100 + nextInt(900), TimeUnit.MILLISECONDS);
            }
        } catch (StatusRuntimeException e) {
            if (UNKNOWN_OUTCOME.contains(e.getStatus().getCode())) {
                history.client(
                        ClientEvent.unknown(System.currentTimeMillis(), ClientEvent.Op.SCHEDULE, id, describe(e)));
                nextTarget();
                timer.schedule(
                        () -> calls.execute(() -> schedule(id, payload)),
                        RETRY_AFTER.toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                history.client(ClientEvent.fail(System.currentTimeMillis(), ClientEvent.Op.SCHEDULE, id, describe(e)));
                unresolved.remove(id);
            }
        }
    }

    private void cancel(String id) {
        history.client(ClientEvent.invoke(System.currentTimeMillis(), ClientEvent.Op.CANCEL, id));
        try {
            stub().cancelTask(CancelTaskRequest.newBuilder().setId(id).build());
            history.client(ClientEvent.ok(System.currentTimeMillis(), ClientEvent.Op.CANCEL, id));
        } catch (StatusRuntimeException e) {
            boolean unknown = UNKNOWN_OUTCOME.contains(e.getStatus().getCode());
            long now = System.currentTimeMillis();
            history.client(
                    unknown
                            ? ClientEvent.unknown(now, ClientEvent.Op.CANCEL, id, describe(e))
                            : ClientEvent.fail(now, ClientEvent.Op.CANCEL, id, describe(e)));
            if (unknown) {
                nextTarget();
            }
        }
    }

    private SchedulerServiceGrpc.SchedulerServiceBlockingStub stub() {
        return SchedulerServiceGrpc.newBlockingStub(channels.get(Math.floorMod(target.get(), channels.size())))
                .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void nextTarget() {
        target.incrementAndGet();
    }

    private static String describe(StatusRuntimeException e) {
        return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
    }

    private synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private synchronized double nextDouble() {
        return random.nextDouble();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws InterruptedException {
        submitting = false;
        timer.shutdownNow();
        calls.shutdownNow();
        calls.awaitTermination(5, TimeUnit.SECONDS);
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
