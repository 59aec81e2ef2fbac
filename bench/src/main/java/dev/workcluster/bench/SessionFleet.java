package dev.workcluster.bench;

import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * N simulated library sessions in this process, heartbeating once per interval, spread
 * evenly over it. This process stands in for N worker processes, so it must not become
 * the bottleneck it measures: its channels are connected before the first Hello (else
 * gRPC parks every stream and later drains them on a thread each), callbacks run on the
 * event loops (they only set flags), and at most {@value #MAX_JOINING} sessions (by
 * default) wait for their Welcome at once, so the heartbeats of the welcomed ones never queue behind
 * thousands of Hellos on the same connections.
 */
final class SessionFleet implements AutoCloseable {
    static final int SESSIONS_PER_CHANNEL = 500;
    static final int MAX_JOINING = 1_000;
    /** Heartbeat ticks per interval: each tick sends to 1/TICKS of the sessions. */
    static final int TICKS = 100;

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<SimulatedSession> sims = new ArrayList<>();
    private final SimulatedSession.Counters counters = new SimulatedSession.Counters();
    private final AtomicLong mostLateNanos = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-heartbeats");
        t.setDaemon(true);
        return t;
    });
    private final int heartbeatIntervalMs;
    private final int maxJoining;

    SessionFleet(int heartbeatIntervalMs) {
        this(heartbeatIntervalMs, MAX_JOINING);
    }

    SessionFleet(int heartbeatIntervalMs, int maxJoining) {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.maxJoining = maxJoining;
    }

    /** N channels for N sessions: one per {@value #SESSIONS_PER_CHANNEL} sessions, at least one. */
    static int channelsFor(int sessions) {
        return Math.max(1, (sessions + SESSIONS_PER_CHANNEL - 1) / SESSIONS_PER_CHANNEL);
    }

    /** Opens {@code count} sessions to the leader at {@code port} and returns once all are welcomed. */
    void open(int port, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < channelsFor(count); i++) {
            channels.add(connect(port, deadline));
        }
        CountDownLatch welcomed = new CountDownLatch(count);
        Semaphore joining = new Semaphore(maxJoining);
        for (int i = 0; i < count; i++) {
            sims.add(new SimulatedSession(String.format("hb-%05d", i), welcomed, joining, counters));
        }
        startTicking();
        for (int i = 0; i < count; i++) {
            if (!joining.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("only " + i + " of " + count + " sessions opened within " + timeout
                        + "; stream errors: " + counters.errors.get());
            }
            sims.get(i).open(channels.get(i % channels.size()), heartbeatIntervalMs);
        }
        if (!welcomed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("only " + (count - welcomed.getCount()) + " of " + count
                    + " sessions welcomed within " + timeout + "; stream errors: " + counters.errors.get());
        }
    }

    /**
     * Tick k of every interval heartbeats the sessions i with i % TICKS == k, and notes how
     * late this process itself was: a heartbeat it sends late is its own delay, not the leader's.
     */
    private void startTicking() {
        long tickNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMs) / TICKS;
        long start = System.nanoTime();
        AtomicLong tick = new AtomicLong();
        ticker.scheduleAtFixedRate(
                () -> {
                    long k = tick.getAndIncrement();
                    mostLateNanos.accumulateAndGet(System.nanoTime() - (start + (k + 1) * tickNanos), Math::max);
                    for (int i = (int) (k % TICKS); i < sims.size(); i += TICKS) {
                        sims.get(i).heartbeat();
                    }
                },
                tickNanos,
                tickNanos,
                TimeUnit.NANOSECONDS);
    }

    /** A channel that is connected before the first session opens on it. */
    private static ManagedChannel connect(int port, long deadline) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create())
                .directExecutor()
                .maxInboundMessageSize(64 << 20)
                .build();
        ConnectivityState state;
        while ((state = channel.getState(true)) != ConnectivityState.READY) {
            CountDownLatch changed = new CountDownLatch(1);
            channel.notifyWhenStateChanged(state, changed::countDown);
            if (!changed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                channel.shutdownNow();
                throw new IllegalStateException(
                        "no connection to the leader on port " + port + " (state " + state + ")");
            }
        }
        return channel;
    }

    ManagedChannel channel() {
        return channels.get(0);
    }

    int channelCount() {
        return channels.size();
    }

    Set<String> ids() {
        return sims.stream().map(s -> s.id).collect(Collectors.toSet());
    }

    /** Sessions whose stream the leader closed because it expired them. */
    Set<String> closedExpired() {
        return sims.stream()
                .filter(SimulatedSession::closedExpired)
                .map(s -> s.id)
                .collect(Collectors.toSet());
    }

    /** Sessions this process itself once left without a heartbeat for {@code timeout} or longer. */
    Set<String> leftSilent(Duration timeout) {
        return sims.stream()
                .filter(s -> s.longestSilenceNanos() >= timeout.toNanos())
                .map(s -> s.id)
                .collect(Collectors.toSet());
    }

    SimulatedSession.Counters counters() {
        return counters;
    }

    /** The most this process was ever late to send a tick's heartbeats. */
    double mostLateMillis() {
        return mostLateNanos.get() / 1e6;
    }

    /** Goodbyes first: a session that left must not look silent because the ticker stopped. */
    @Override
    public void close() throws InterruptedException {
        sims.forEach(SimulatedSession::goodbye);
        ticker.shutdownNow();
        channels.forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels) {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        }
    }
}
