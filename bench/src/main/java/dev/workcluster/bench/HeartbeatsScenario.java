package dev.workcluster.bench;

import dev.workcluster.proto.cluster.v1.Goodbye;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionHeartbeat;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heartbeat scale: one leader in a process of its own (so its CPU is its alone), and
 * N raw session streams from this JVM, each heartbeating once a second, spread evenly
 * over the second. Reports the leader's average CPU cores over the measured window,
 * the sessions it expired although they heartbeated (must be 0), and its used heap.
 */
public final class HeartbeatsScenario implements Scenario {
    static final int QUICK_SESSIONS = 2_000;
    static final int FULL_SESSIONS = 10_000;
    static final int SESSIONS_PER_CHANNEL = 500;
    static final int HEARTBEAT_INTERVAL_MS = 1_000;
    /** Heartbeat ticks per interval: each tick sends to 1/TICKS of the sessions. */
    static final int TICKS = 100;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration WELCOME_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration HEAP_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "heartbeats";
    }

    @Override
    public String description() {
        return "one leader process, 10,000 session streams heartbeating every second for 60 s "
                + "(--quick: 2,000 for 20 s): leader CPU, false expirations, heap";
    }

    /** N channels for N sessions: one per {@value #SESSIONS_PER_CHANNEL} sessions, at least one. */
    static int channelsFor(int sessions) {
        return Math.max(1, (sessions + SESSIONS_PER_CHANNEL - 1) / SESSIONS_PER_CHANNEL);
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        int sessionCount = options.quick() ? QUICK_SESSIONS : FULL_SESSIONS;
        Duration measure = options.phase(Duration.ofSeconds(20), Duration.ofSeconds(60));
        BenchReport report = Environment.header(new BenchReport(name()), options);

        LeaderGroup group = LeaderGroup.start("hb", 1, List.of());
        List<ManagedChannel> channels = new ArrayList<>();
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-heartbeats");
            t.setDaemon(true);
            return t;
        });
        List<Sim> sims = new ArrayList<>(sessionCount);
        try {
            for (int i = 0; i < channelsFor(sessionCount); i++) {
                channels.add(Grpc.newChannelBuilder(group.addresses().get(0), InsecureChannelCredentials.create())
                        .maxInboundMessageSize(64 << 20).build());
            }
            Counters counters = new Counters();
            CountDownLatch welcomed = new CountDownLatch(sessionCount);
            for (int i = 0; i < sessionCount; i++) {
                sims.add(new Sim(String.format("hb-%05d", i), welcomed, counters));
            }
            // Tick k of every interval heartbeats the sessions i with i % TICKS == k.
            long tickMs = HEARTBEAT_INTERVAL_MS / TICKS;
            AtomicLong tick = new AtomicLong();
            ticker.scheduleAtFixedRate(() -> {
                int k = (int) (tick.getAndIncrement() % TICKS);
                for (int i = k; i < sims.size(); i += TICKS) {
                    sims.get(i).heartbeat();
                }
            }, tickMs, tickMs, TimeUnit.MILLISECONDS);

            long openStart = System.nanoTime();
            for (int i = 0; i < sessionCount; i++) {
                sims.get(i).open(channels.get(i % channels.size()));
            }
            if (!welcomed.await(WELCOME_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("only " + (sessionCount - welcomed.getCount()) + " of " + sessionCount
                        + " sessions welcomed within " + WELCOME_TIMEOUT + "; stream errors: " + counters.errors.get());
            }
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            Thread.sleep(WARM_UP.toMillis()); // let the join burst settle before measuring

            LeaderProcess leader = group.node(0);
            Duration cpu0 = leader.cpu();
            Duration loadCpu0 = cpu(ProcessHandle.current());
            long sent0 = counters.heartbeats.get();
            long t0 = System.nanoTime();
            Thread.sleep(measure.toMillis());
            long t1 = System.nanoTime();
            Duration cpu1 = leader.cpu();
            Duration loadCpu1 = cpu(ProcessHandle.current());
            long sent1 = counters.heartbeats.get();
            double wall = (t1 - t0) / 1e9;
            double heapMb = HeapUsage.mb(leader.heap(HEAP_TIMEOUT).usedBytes());

            Set<String> ours = new HashSet<>();
            sims.forEach(s -> ours.add(s.id));
            int expiredMembers = 0;
            int aliveMembers = 0;
            for (Member member : LeaderServiceGrpc.newBlockingStub(channels.get(0))
                    .withDeadlineAfter(30, TimeUnit.SECONDS).members(MembersRequest.getDefaultInstance())
                    .getMembersList()) {
                if (!ours.contains(member.getId())) {
                    continue;
                }
                if (member.getState() == MemberState.MEMBER_STATE_EXPIRED || member.getStatus().contains("expired")) {
                    expiredMembers++;
                } else {
                    aliveMembers++;
                }
            }
            long closedExpired = counters.expiredClosures.get();

            report.put("sessions", sessionCount)
                    .put("channels", channels.size())
                    .put("heartbeat_interval_ms", HEARTBEAT_INTERVAL_MS)
                    .put("open_s", round(openSeconds))
                    .put("measured_s", round(wall))
                    .put("heartbeats_per_s", round((sent1 - sent0) / wall))
                    .put("leader_cpu_cores", cpu0 == null || cpu1 == null ? -1.0
                            : round((cpu1.toNanos() - cpu0.toNanos()) / 1e9 / wall))
                    .put("load_cpu_cores", loadCpu0 == null || loadCpu1 == null ? -1.0
                            : round((loadCpu1.toNanos() - loadCpu0.toNanos()) / 1e9 / wall))
                    .put("false_expirations", closedExpired + expiredMembers)
                    .put("streams_closed_expired", closedExpired)
                    .put("members_expired", expiredMembers)
                    .put("members_alive", aliveMembers)
                    .put("stream_errors", counters.errors.get())
                    .put("heap_mb", heapMb);
            return report;
        } finally {
            ticker.shutdownNow();
            for (Sim sim : sims) {
                sim.goodbye();
            }
            for (ManagedChannel channel : channels) {
                channel.shutdown();
            }
            for (ManagedChannel channel : channels) {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            }
            group.close();
        }
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(null);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static final class Counters {
        final AtomicLong heartbeats = new AtomicLong();
        final AtomicLong expiredClosures = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
    }

    /** One simulated stream session; its request observer is used under its own lock. */
    private static final class Sim implements StreamObserver<SessionResponse> {
        private static final SessionRequest HEARTBEAT = SessionRequest.newBuilder()
                .setHeartbeat(SessionHeartbeat.newBuilder().setRunning(0)).build();

        final String id;
        private final CountDownLatch welcomed;
        private final Counters counters;
        private StreamObserver<SessionRequest> requests;
        private volatile boolean live;
        private boolean ended;

        Sim(String id, CountDownLatch welcomed, Counters counters) {
            this.id = id;
            this.welcomed = welcomed;
            this.counters = counters;
        }

        synchronized void open(ManagedChannel channel) {
            requests = LeaderServiceGrpc.newStub(channel).session(this);
            requests.onNext(SessionRequest.newBuilder().setHello(Hello.newBuilder().setWorkerId(id).setSlots(1)
                    .setHeartbeatIntervalMs(HEARTBEAT_INTERVAL_MS).setLibraryVersion("bench")).build());
        }

        synchronized void heartbeat() {
            if (live && !ended) {
                requests.onNext(HEARTBEAT);
                counters.heartbeats.incrementAndGet();
            }
        }

        synchronized void goodbye() {
            if (requests != null && !ended) {
                ended = true;
                try {
                    requests.onNext(SessionRequest.newBuilder().setGoodbye(Goodbye.getDefaultInstance()).build());
                    requests.onCompleted();
                } catch (RuntimeException e) {
                    // the stream is already gone
                }
            }
        }

        @Override
        public void onNext(SessionResponse response) {
            if (response.hasWelcome() && !live) {
                live = true;
                welcomed.countDown();
            }
        }

        @Override
        public void onError(Throwable error) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            live = false;
            counters.errors.incrementAndGet();
            String description = Status.fromThrowable(error).getDescription();
            if (description != null && description.contains("expired")) {
                counters.expiredClosures.incrementAndGet();
            }
        }

        @Override
        public void onCompleted() {
            synchronized (this) {
                ended = true;
            }
            live = false;
        }
    }
}
