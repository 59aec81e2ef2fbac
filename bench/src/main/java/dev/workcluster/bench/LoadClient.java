package dev.workcluster.bench;

import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Submits no-op tasks with async stubs, in ScheduleTasks batches of whatever is due
 * (saturating: as many as permits allow, up to {@link #MAX_BATCH}). At most {@code maxQueued} tasks are between submission
 * and their start on a worker (a permit is taken per submit and given back when a worker starts
 * the task or the submit finally fails), so the leader's queue stays bounded however fast the
 * client is. A task's payload is its submit time ({@link TaskTimings}) unless a fixed payload is
 * given, for workers this JVM does not run. With one address a failed submit is counted and
 * dropped; with several, the client fails over as a real one would (see {@link SubmitTargets}):
 * a submit the cluster could not take right now goes again, same id and payload, to the next
 * node until it is acknowledged.
 */
final class LoadClient implements AutoCloseable {
    /** Most tasks per ScheduleTasks call: large enough to share the call's cost, small enough to keep the pipeline full. */
    static final int MAX_BATCH = 128;

    private final SubmitTargets targets;
    private final Semaphore queued;
    private final Consumer<String> onAcknowledged;
    private final String fixedPayload;
    private final SubmitListener listener;
    private final String idPrefix = "bench-" + Long.toString(System.nanoTime(), 36) + "-";
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong unresolved = new AtomicLong();

    LoadClient(String address, int maxQueued) {
        this(List.of(address), maxQueued, id -> {});
    }

    /** @param onAcknowledged told the id of every task whose submit the cluster acknowledged */
    LoadClient(List<String> addresses, int maxQueued, Consumer<String> onAcknowledged) {
        this(addresses, maxQueued, onAcknowledged, null, SubmitListener.NONE);
    }

    private LoadClient(
            List<String> addresses,
            int maxQueued,
            Consumer<String> onAcknowledged,
            String fixedPayload,
            SubmitListener listener) {
        this.targets = new SubmitTargets(addresses);
        this.queued = new Semaphore(maxQueued);
        this.onAcknowledged = onAcknowledged;
        this.fixedPayload = fixedPayload;
        this.listener = listener;
    }

    /**
     * A client whose tasks all carry {@code payload}, for a cluster whose workers are not in this JVM
     * (they cannot read a submit time from the payload, so {@code listener} is told it instead).
     */
    static LoadClient withPayload(List<String> addresses, int maxQueued, String payload, SubmitListener listener) {
        return new LoadClient(addresses, maxQueued, id -> {}, payload, listener);
    }

    /** What every task id of this client starts with. */
    String idPrefix() {
        return idPrefix;
    }

    /** The channel submits go to now. */
    ManagedChannel channel() {
        return targets.current();
    }

    /** A worker started one of our tasks: room for one more. */
    void taskStarted() {
        queued.release();
    }

    /** Waits until {@code count} members are alive on the leader. */
    void awaitWorkers(int count, Duration timeout) throws InterruptedException, TimeoutException {
        LeaderServiceGrpc.LeaderServiceBlockingStub status = LeaderServiceGrpc.newBlockingStub(channel());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status.getStatus(GetStatusRequest.getDefaultInstance()).getMembersAlive() < count) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(count + " workers did not join within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Submits as fast as permits allow, on the calling thread, until {@code stopAtNanos}. */
    void saturate(AtomicLong stopAtNanos) throws InterruptedException {
        while (System.nanoTime() < stopAtNanos.get()) {
            if (queued.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                submit(1 + takeMorePermits(MAX_BATCH - 1));
            }
        }
    }

    /** Submits {@code count} tasks in all as fast as permits allow, on the calling thread. */
    void push(long count) throws InterruptedException {
        while (sequence.get() < count) {
            if (queued.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                submit(1 + takeMorePermits((int) Math.min(MAX_BATCH - 1, count - sequence.get() - 1)));
            }
        }
    }

    /**
     * Offers {@code rate} tasks per second on the calling thread until {@code stopAtNanos},
     * catching up after a late wake-up; a task that finds no permit is dropped (counted, not sent).
     * The end may be moved while the load runs.
     */
    void offer(int rate, AtomicLong stopAtNanos) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        while (next < stopAtNanos.get()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            int due = 0;
            while (next <= System.nanoTime() && next < stopAtNanos.get() && due < MAX_BATCH) {
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

    /** Takes up to {@code most} more permits without waiting; returns how many it got. */
    private int takeMorePermits(int most) {
        int taken = 0;
        while (taken < most && queued.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    /** One ScheduleTasks call carrying {@code count} tasks, for which permits are already taken. */
    private void submit(int count) {
        unresolved.addAndGet(count);
        ScheduleTasksRequest.Builder request = ScheduleTasksRequest.newBuilder();
        long now = System.nanoTime();
        String payload = fixedPayload != null ? fixedPayload : TaskTimings.payload(now);
        for (int i = 0; i < count; i++) {
            String id = idPrefix + sequence.incrementAndGet();
            listener.sending(id, now);
            request.addTasks(Task.newBuilder().setId(id).setPayload(payload));
        }
        send(request.build(), 0);
    }

    private void send(ScheduleTasksRequest request, int retries) {
        int count = request.getTasksCount();
        ManagedChannel target = targets.current();
        SchedulerServiceGrpc.newStub(target)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .scheduleTasks(request, new StreamObserver<>() {
                    @Override
                    public void onNext(ScheduleTasksResponse value) {
                        accepted.addAndGet(count);
                        value.getTasksList().forEach(task -> onAcknowledged.accept(task.getId()));
                        unresolved.addAndGet(-count);
                    }

                    @Override
                    public void onError(Throwable t) {
                        if (!targets.retryElsewhere(target, t, retries + 1, () -> send(request, retries + 1))) {
                            rejected.addAndGet(count);
                            request.getTasksList().forEach(task -> listener.failed(task.getId()));
                            queued.release(count);
                            unresolved.addAndGet(-count);
                        }
                    }

                    @Override
                    public void onCompleted() {}
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

    /** Submits sent but neither acknowledged nor finally failed yet (retries included). */
    long unresolved() {
        return unresolved.get();
    }

    /** Submits sent again after a node could not take them. */
    long retried() {
        return targets.retried();
    }

    @Override
    public void close() throws InterruptedException {
        targets.close();
    }
}
