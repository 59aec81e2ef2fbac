package dev.workcluster.bench;

import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Task starts on workers this JVM does not run, seen on a WatchTasks stream: a task of ours
 * has started when the watch first shows it in any status but PENDING. Its submit time comes
 * from the load client ({@link SubmitListener}), so submit → start is measured on this
 * JVM's clock, the watch's delivery included.
 */
final class WatchedStarts implements TaskStarts, SubmitListener, AutoCloseable {
    private final Map<String, Long> submittedAt = new ConcurrentHashMap<>();
    private final Recorder scheduleToStart = new Recorder(3);
    private final LongAdder started = new LongAdder();
    private final CountDownLatch snapshotSent = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<ClientCallStreamObserver<WatchTasksRequest>> call = new AtomicReference<>();
    private volatile Runnable onStarted = () -> {};

    @Override
    public void sending(String id, long nanos) {
        submittedAt.put(id, nanos);
    }

    @Override
    public void failed(String id) {
        submittedAt.remove(id);
    }

    /**
     * Opens the watch on {@code channel} and waits until the node has sent what existed before it,
     * so that no start of a task submitted after this returns can be missed.
     *
     * @param onStarted runs once for every task of ours that started
     */
    void watch(Channel channel, Runnable onStarted, Duration timeout) throws InterruptedException, TimeoutException {
        this.onStarted = onStarted;
        WatchTasksRequest request =
                WatchTasksRequest.newBuilder().setIncludeExisting(true).build();
        SchedulerServiceGrpc.newStub(channel)
                .watchTasks(request, new ClientResponseObserver<WatchTasksRequest, WatchTasksResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchTasksRequest> requestStream) {
                        call.set(requestStream);
                    }

                    @Override
                    public void onNext(WatchTasksResponse event) {
                        if (event.hasSnapshotComplete()) {
                            snapshotSent.countDown();
                        } else if (event.hasTask()) {
                            seen(event.getTask());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        failure.compareAndSet(null, t);
                        snapshotSent.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        failure.compareAndSet(null, new IllegalStateException("the node ended the watch"));
                        snapshotSent.countDown();
                    }
                });
        if (!snapshotSent.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("WatchTasks sent no snapshot_complete within " + timeout);
        }
        failure().ifPresent(t -> {
            throw new IllegalStateException("WatchTasks failed: " + t.getMessage(), t);
        });
    }

    private void seen(Task task) {
        if (task.getStatus() == TaskStatus.TASK_STATUS_PENDING) {
            return;
        }
        Long submitted = submittedAt.remove(task.getId());
        if (submitted == null) {
            return; // not ours, or its start was counted already
        }
        scheduleToStart.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - submitted)));
        started.increment();
        onStarted.run();
    }

    /** Why the watch ended, if it did: the run's figures are incomplete then. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public long handled() {
        return started.sum();
    }

    @Override
    public void reset() {
        scheduleToStart.reset();
    }

    @Override
    public Histogram scheduleToStartMicros() {
        return scheduleToStart.getIntervalHistogram();
    }

    @Override
    public void close() {
        ClientCallStreamObserver<WatchTasksRequest> open = call.get();
        if (open != null) {
            open.cancel("the load run is over", null);
        }
    }
}
