package dev.workcluster.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The leader nodes a {@link LoadClient} submits to: one channel each, one of them current.
 * Any node takes a submit (followers forward writes to the Raft leader). When a call fails
 * because the node or the group cannot take writes right now, the next node becomes current
 * and the call is made again there after a pause that grows with each retry of the same call
 * (so a group without a leader is not flooded). A single node is never retried.
 */
final class SubmitTargets implements AutoCloseable {
    /** Failures that say "not now" (node down, no Raft leader, election under way), never "not this task". */
    static final Set<Status.Code> RETRIED = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);
    /** The pause before a call's first retry; it doubles with every further retry of the same call, up to the max. */
    static final long FIRST_RETRY_PAUSE_MILLIS = 50;

    static final long MAX_RETRY_PAUSE_MILLIS = 1_000;

    private final List<ManagedChannel> channels;
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicLong retried = new AtomicLong();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-submit-retries");
        thread.setDaemon(true);
        return thread;
    });

    SubmitTargets(List<String> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one leader address is needed");
        }
        // Answers run on the channel's network thread: the load's callbacks only count and release
        // permits, and grpc's default executor would add a thread wake-up per call to the load
        // generator, on the same two cores as the leader it measures.
        this.channels = addresses.stream()
                .map(a -> Grpc.newChannelBuilder(a, InsecureChannelCredentials.create())
                        .directExecutor()
                        .build())
                .toList();
    }

    ManagedChannel current() {
        return channels.get(current.get());
    }

    /** The pause before retry number {@code retry} (1 for the first) of one call. */
    static long retryPauseMillis(int retry) {
        return Math.min(MAX_RETRY_PAUSE_MILLIS, FIRST_RETRY_PAUSE_MILLIS << Math.min(20, Math.max(0, retry - 1)));
    }

    /**
     * After {@code failed} failed a call with {@code error}: if it is worth another try elsewhere,
     * moves on to the next node (unless another call did already) and schedules {@code again}.
     *
     * @param retry which retry of this call it would be: 1 for the first
     * @return false when the failure is final: one node only, a final status, or the client closing
     */
    boolean retryElsewhere(ManagedChannel failed, Throwable error, int retry, Runnable again) {
        if (channels.size() == 1
                || !RETRIED.contains(Status.fromThrowable(error).getCode())) {
            return false;
        }
        int index = channels.indexOf(failed);
        current.compareAndSet(index, (index + 1) % channels.size());
        try {
            retries.schedule(again, retryPauseMillis(retry), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            return false;
        }
        retried.incrementAndGet();
        return true;
    }

    long retried() {
        return retried.get();
    }

    @Override
    public void close() throws InterruptedException {
        retries.shutdownNow();
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
