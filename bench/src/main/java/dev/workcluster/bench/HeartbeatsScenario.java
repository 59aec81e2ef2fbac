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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration WELCOME_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

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

    /** The used heap in MB from {@code jcmd PID GC.heap_info} output, or -1 when it has no "used NK". */
    static double parseHeapUsedMb(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        return m.find() ? Math.round(Long.parseLong(m.group(1)) / 1024.0 * 10) / 10.0 : -1;
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        int sessionCount = options.quick() ? QUICK_SESSIONS : FULL_SESSIONS;
        Duration measure = options.phase(Duration.ofSeconds(20), Duration.ofSeconds(60));
        BenchReport report = Environment.header(new BenchReport(name()), options);

        Path dir = Files.createTempDirectory("workcluster-bench-hb-");
        int port = freeLoopbackPort();
        int rpcPort = freeLoopbackPort();
        int raftPort = freeLoopbackPort();
        Process leader = startLeader(dir, port, rpcPort, raftPort);
        List<ManagedChannel> channels = new ArrayList<>();
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-heartbeats");
            t.setDaemon(true);
            return t;
        });
        List<Sim> sims = new ArrayList<>(sessionCount);
        try {
            awaitReady(leader);
            for (int i = 0; i < channelsFor(sessionCount); i++) {
                channels.add(Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create())
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

            ProcessHandle leaderHandle = leader.toHandle();
            Duration cpu0 = cpu(leaderHandle);
            Duration loadCpu0 = cpu(ProcessHandle.current());
            long sent0 = counters.heartbeats.get();
            long t0 = System.nanoTime();
            Thread.sleep(measure.toMillis());
            long t1 = System.nanoTime();
            Duration cpu1 = cpu(leaderHandle);
            Duration loadCpu1 = cpu(ProcessHandle.current());
            long sent1 = counters.heartbeats.get();
            double wall = (t1 - t0) / 1e9;
            double heapMb = heapUsedMb(leader.pid());

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
            stop(leader);
            delete(dir);
        }
    }

    private static Process startLeader(Path dir, int port, int rpcPort, int raftPort) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.workcluster.cli.Main", "leader", "--data-dir", dir.resolve("data").toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--rpc-port", Integer.toString(rpcPort),
                "--raft-port", Integer.toString(raftPort), "--session-grace", "5s");
        return new ProcessBuilder(command).redirectError(dir.resolve("leader.err").toFile()).start();
    }

    /** Waits for the leader's "ready:" line, then keeps draining its stdout so it never blocks. */
    private static void awaitReady(Process leader) throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(leader.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ready:")) {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new IllegalStateException(
                        "the leader process ended before it was ready (exit " + leader.waitFor() + ")"));
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        }, "bench-leader-stdout");
        reader.setDaemon(true);
        reader.start();
        ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void stop(Process leader) throws InterruptedException {
        leader.destroy(); // SIGTERM: its shutdown hook closes the server
        if (!leader.waitFor(15, TimeUnit.SECONDS)) {
            leader.destroyForcibly();
            leader.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(null);
    }

    /** Used heap of the leader JVM via {@code jcmd PID GC.heap_info}; -1 when jcmd is not there or fails. */
    private static double heapUsedMb(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return -1;
            }
            return parseHeapUsedMb(out);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover temp dir is not worth failing the report for
        }
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
