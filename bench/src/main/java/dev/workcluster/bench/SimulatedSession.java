package dev.workcluster.bench;

import dev.workcluster.proto.cluster.v1.Goodbye;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.SessionHeartbeat;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated library session on a raw cluster.v1 session stream: a Hello, then a
 * heartbeat whenever it is told to, a Goodbye at the end. Its callbacks run on the
 * channel's event loop (they only set flags and count), and its request observer is
 * used under its own lock.
 */
final class SimulatedSession implements StreamObserver<SessionResponse> {
    private static final SessionRequest HEARTBEAT = SessionRequest.newBuilder()
            .setHeartbeat(SessionHeartbeat.newBuilder().setRunning(0))
            .build();

    /** What all sessions of a run saw. */
    static final class Counters {
        final AtomicLong heartbeats = new AtomicLong();
        final AtomicLong expiredClosures = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
    }

    final String id;
    private final CountDownLatch welcomed;
    private final Semaphore joining;
    private final Counters counters;
    private StreamObserver<SessionRequest> requests;
    private volatile boolean live;
    private volatile boolean closedExpired;
    private boolean joined;
    private boolean ended;
    /** When this process last did its part: received the Welcome or sent a heartbeat. */
    private long lastSentNanos;

    private long longestSilenceNanos;

    /** {@code joining}: a permit is taken before the Hello and given back once the session is welcomed or gone. */
    SimulatedSession(String id, CountDownLatch welcomed, Semaphore joining, Counters counters) {
        this.id = id;
        this.welcomed = welcomed;
        this.joining = joining;
        this.counters = counters;
    }

    synchronized void open(Channel channel, int heartbeatIntervalMs) {
        requests = LeaderServiceGrpc.newStub(channel).session(this);
        requests.onNext(SessionRequest.newBuilder()
                .setHello(Hello.newBuilder()
                        .setWorkerId(id)
                        .setSlots(1)
                        .setHeartbeatIntervalMs(heartbeatIntervalMs)
                        .setLibraryVersion("bench"))
                .build());
    }

    synchronized void heartbeat() {
        if (live && !ended) {
            silentUntil(System.nanoTime());
            requests.onNext(HEARTBEAT);
            counters.heartbeats.incrementAndGet();
        }
    }

    /** The leader closed this stream because it expired the session. */
    boolean closedExpired() {
        return closedExpired;
    }

    /**
     * The longest this process itself left the session without a heartbeat since its Welcome
     * (up to the stream's end): when that reaches the leader's timeout, an expiry is this
     * process's stall, not the leader's mistake.
     */
    synchronized long longestSilenceNanos() {
        return longestSilenceNanos;
    }

    private void silentUntil(long now) {
        longestSilenceNanos = Math.max(longestSilenceNanos, now - lastSentNanos);
        lastSentNanos = now;
    }

    synchronized void goodbye() {
        if (requests != null && !ended) {
            ended = true;
            try {
                requests.onNext(SessionRequest.newBuilder()
                        .setGoodbye(Goodbye.getDefaultInstance())
                        .build());
                requests.onCompleted();
            } catch (RuntimeException e) {
                // the stream is already gone
            }
        }
    }

    @Override
    public void onNext(SessionResponse response) {
        if (response.hasWelcome() && !live) {
            synchronized (this) {
                lastSentNanos = System.nanoTime();
            }
            live = true;
            welcomed.countDown();
            leftJoining();
        }
    }

    @Override
    public void onError(Throwable error) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            if (live) {
                silentUntil(System.nanoTime());
            }
        }
        live = false;
        leftJoining();
        counters.errors.incrementAndGet();
        String description = Status.fromThrowable(error).getDescription();
        if (description != null && description.contains("expired")) {
            closedExpired = true;
            counters.expiredClosures.incrementAndGet();
        }
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            ended = true;
        }
        live = false;
        leftJoining();
    }

    private synchronized void leftJoining() {
        if (!joined) {
            joined = true;
            joining.release();
        }
    }
}
