package dev.workcluster.bench;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.testkit.HeapUsage;
import dev.workcluster.testkit.LeaderProcess;
import io.grpc.Channel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeat scale: one leader in a process of its own (so its CPU is its alone), and
 * N raw session streams from this JVM ({@link SessionFleet}), each heartbeating once a
 * second. Reports the leader's average CPU cores over the measured window, the sessions
 * it expired although they heartbeated (must be 0), and its used heap.
 */
public final class HeartbeatsScenario extends Scenario {
    static final int QUICK_SESSIONS = 2_000;
    static final int FULL_SESSIONS = 10_000;
    static final int HEARTBEAT_INTERVAL_MS = 1_000;
    static final int MISSED_HEARTBEATS = 3;
    /** How long the leader lets a session stay silent. */
    static final Duration TIMEOUT = Duration.ofMillis((long) HEARTBEAT_INTERVAL_MS * MISSED_HEARTBEATS);

    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration HEAP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WELCOME_TIMEOUT = Duration.ofSeconds(120);

    public HeartbeatsScenario() {
        super(
                "heartbeats",
                "one leader process, 10,000 session streams heartbeating every second for 60 s "
                        + "(--quick: 2,000 for 20 s): leader CPU, false expirations, heap");
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        int sessionCount = options.quick() ? QUICK_SESSIONS : FULL_SESSIONS;
        Duration measure = options.phase(Duration.ofSeconds(20), Duration.ofSeconds(60));
        BenchReport report = Environment.header(new BenchReport(name()), options);

        try (LeaderGroup group = LeaderGroup.start("hb", 1, List.of());
                SessionFleet fleet = new SessionFleet(HEARTBEAT_INTERVAL_MS)) {
            LeaderProcess leader = group.node(0);
            String address = group.addresses().get(0);
            long openStart = System.nanoTime();
            fleet.open(
                    Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), sessionCount, WELCOME_TIMEOUT);
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            Thread.sleep(WARM_UP.toMillis()); // let the join burst settle before measuring

            Duration cpu0 = leader.cpu();
            Duration loadCpu0 = ProcessCpu.ofThisJvm();
            long sent0 = fleet.counters().heartbeats.get();
            long t0 = System.nanoTime();
            Thread.sleep(measure.toMillis());
            long t1 = System.nanoTime();
            Duration cpu1 = leader.cpu();
            Duration loadCpu1 = ProcessCpu.ofThisJvm();
            long sent1 = fleet.counters().heartbeats.get();
            double wall = (t1 - t0) / 1e9;

            Map<Boolean, Set<String>> members = membersByExpired(fleet.channel(), fleet.ids());
            // One session counts once, whether the leader closed its stream, expired its member, or both.
            Set<String> expired = new HashSet<>(members.get(true));
            expired.addAll(fleet.closedExpired());
            // An expiry is false when this process kept its side of the protocol; one it left
            // silent for the whole timeout (starved itself) is counted apart, not blamed on the leader.
            Set<String> loadSilent = new HashSet<>(expired);
            loadSilent.retainAll(fleet.leftSilent(TIMEOUT));
            Set<String> falselyExpired = new HashSet<>(expired);
            falselyExpired.removeAll(loadSilent);

            report.put("sessions", sessionCount)
                    .put("channels", fleet.channelCount())
                    .put("heartbeat_interval_ms", HEARTBEAT_INTERVAL_MS)
                    .put("open_s", round(openSeconds))
                    .put("measured_s", round(wall))
                    .put("heartbeats_per_s", round((sent1 - sent0) / wall))
                    .put("leader_cpu_cores", cores(cpu0, cpu1, wall))
                    .put("load_cpu_cores", cores(loadCpu0, loadCpu1, wall))
                    .put("load_most_late_ms", round(fleet.mostLateMillis()))
                    .put("false_expirations", falselyExpired.size())
                    .put("expired_after_load_silence", loadSilent.size())
                    .put(
                            "streams_closed_expired",
                            fleet.counters().expiredClosures.get())
                    .put("members_expired", members.get(true).size())
                    .put("members_alive", members.get(false).size())
                    .put("stream_errors", fleet.counters().errors.get())
                    .put("heap_mb", HeapUsage.mb(leader.heap(HEAP_TIMEOUT).usedBytes()));
            if (!expired.isEmpty()) {
                System.err.println("heartbeats: " + expired.size() + " sessions expired; the leader's log ends:\n"
                        + leader.diagnostics());
            }
            return report;
        }
    }

    /** Our sessions' members, expired ({@code true}) or not, as the leader lists them. */
    private static Map<Boolean, Set<String>> membersByExpired(Channel channel, Set<String> ours) {
        Map<Boolean, Set<String>> byExpired = Map.of(true, new HashSet<>(), false, new HashSet<>());
        List<Member> members = LeaderServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .members(MembersRequest.getDefaultInstance())
                .getMembersList();
        for (Member member : members) {
            if (ours.contains(member.getId())) {
                boolean expired = member.getState() == MemberState.MEMBER_STATE_EXPIRED
                        || member.getStatus().contains("expired");
                byExpired.get(expired).add(member.getId());
            }
        }
        return byExpired;
    }

    private static double cores(Duration before, Duration after, double wallSeconds) {
        return before == null || after == null ? -1.0 : round((after.toNanos() - before.toNanos()) / 1e9 / wallSeconds);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
