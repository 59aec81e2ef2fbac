package dev.workcluster.bench;

import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Submits no-op tasks over one gRPC channel with async stubs, in ScheduleTasks batches of
 * whatever is due (saturating: as many as permits allow, up to {@link #MAX_BATCH}). At most {@code maxQueued}
 * tasks are between submission and their start on a worker (a permit is taken per submit
 * and given back when a worker starts the task or the submit fails), so the leader's queue
 * stays bounded however fast the client is.
 */
final class LoadClient implements AutoCloseable {
    /** Most tasks per ScheduleTasks call: large enough to share the call's cost, small enough to keep the pipeline full. */
    static final int MAX_BATCH = 128;
    private final ManagedChannel channel;
    private final SchedulerServiceGrpc.SchedulerServiceStub scheduler;
    private final Semaphore queued;
    private final String idPrefix = "bench-" + Long.toString(System.nanoTime(), 36) + "-";
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();

    LoadClient(String address, int maxQueued) {
        this.channel = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).directExecutor().build();
        this.scheduler = SchedulerServiceGrpc.newStub(channel);
        this.queued = new Semaphore(maxQueued);
    }

    ManagedChannel channel() {
        return channel;
    }

    /** A worker started one of our tasks: room for one more. */
    void taskStarted() {
        queued.release();
    }

    /** Waits until {@code count} members are alive on the leader. */
    void awaitWorkers(int count, Duration timeout) throws InterruptedException, TimeoutException {
        LeaderServiceGrpc.LeaderServiceBlockingStub status = LeaderServiceGrpc.newBlockingStub(channel);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status.getStatus(GetStatusRequest.getDefaultInstance()).getMembersAlive() < count) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(count + " workers did not join within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Submits as fast as permits allow, on the calling thread, until {@code stopAtNanos}. */
    void saturate(long stopAtNanos) throws InterruptedException {
        while (System.nanoTime() < stopAtNanos) {
            if (queued.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                int count = 1;
                while (count < MAX_BATCH && queued.tryAcquire()) {
                    count++;
                }
                submit(count);
            }
        }
    }

    /**
     * Offers {@code rate} tasks per second on the calling thread until {@code stopAtNanos},
     * catching up after a late wake-up; a task that finds no permit is dropped (counted, not sent).
     */
    void offer(int rate, long stopAtNanos) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        while (next < stopAtNanos) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            int due = 0;
            while (next <= System.nanoTime() && next < stopAtNanos && due < MAX_BATCH) {
                if (queued.tryAcquire()) {
                    due++;
                } else {
                    dropped.incrementAndGet();
                }
                next += interval;
            }
            if (due > 0) {
                submit(due);
            }
        }
    }

    /** One ScheduleTasks call carrying {@code count} tasks, for which permits are already taken. */
    private void submit(int count) {
        ScheduleTasksRequest.Builder request = ScheduleTasksRequest.newBuilder();
        String payload = TaskTimings.payload();
        for (int i = 0; i < count; i++) {
            request.addTasks(Task.newBuilder().setId(idPrefix + sequence.incrementAndGet()).setPayload(payload));
        }
        scheduler.withDeadlineAfter(30, TimeUnit.SECONDS).scheduleTasks(request.build(), new StreamObserver<>() {
            @Override
            public void onNext(ScheduleTasksResponse value) {
                accepted.addAndGet(value.getTasksCount());
            }

            @Override
            public void onError(Throwable t) {
                rejected.addAndGet(count);
                queued.release(count);
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    long accepted() {
        return accepted.get();
    }

    long rejected() {
        return rejected.get();
    }

    long dropped() {
        return dropped.get();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }
}
