package dev.workcluster.bench.chaos;

import dev.workcluster.bench.BenchOptions;
import dev.workcluster.bench.BenchReport;
import dev.workcluster.bench.Environment;
import dev.workcluster.bench.Polling;
import dev.workcluster.bench.Scenario;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.testkit.NetworkNamespaces;
import dev.workcluster.testkit.TemporaryDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jepsen-style run: three leader processes, four library workers and one push-mode worker
 * (each a process, each in its own network namespace where the machine allows), a client
 * submitting at a fixed rate with idempotent ids and retries, and faults for the whole
 * duration (see {@link Nemesis}). Then everything is healed, the work drains, every node's
 * state is read, every node is restarted and read again, and {@link HistoryChecker} judges
 * the recorded history. The history stays on disk (its path is in the report) so the check
 * can be run again on it.
 */
public final class ChaosScenario extends Scenario {
    static final int RATE = 20;
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final Duration FULL = Duration.ofMinutes(10);
    private static final Duration SETTLE = Duration.ofSeconds(180);
    private static final Duration DRAIN_CAP = Duration.ofMinutes(20);

    /** Names and addresses that nothing else on a machine uses (the ECS rehearsal has its own). */
    static final String NAMESPACE_PREFIX = "wcc-";

    static final String SUBNET = "10.213.7";

    public ChaosScenario() {
        super(
                "chaos",
                "3 leader + 5 worker processes, a client at " + RATE + " tasks/s, random kills, pauses and "
                        + "partitions; then a check of the recorded history");
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        Duration length = options.duration(QUICK, FULL);
        BenchReport report = Environment.header(new BenchReport(name()), options)
                .put("seed", options.seed())
                .put("duration_s", length.toSeconds())
                .put("offered_per_s", RATE);
        Path dir = TemporaryDirectories.create("chaos");
        Path history = Files.createDirectories(Path.of(
                System.getProperty("java.io.tmpdir"),
                "workcluster-chaos-history-" + options.seed() + "-" + System.currentTimeMillis()));
        List<String> members = new ArrayList<>(ChaosCluster.NODES);
        members.addAll(ChaosCluster.WORKERS);
        try (NetworkNamespaces network = NetworkNamespaces.create(NAMESPACE_PREFIX, SUBNET, members);
                HistoryWriter writer = HistoryWriter.create(history)) {
            report.put("partitions_possible", network.partitionsPossible());
            if (!network.partitionsPossible()) {
                report.put("partitions_unavailable_because", network.unavailableReason());
            }
            Nemesis.Timing timing = options.quick()
                    ? new Nemesis.Timing(
                            Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(6), Duration.ofSeconds(3))
                    : new Nemesis.Timing(
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(4),
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(3));
            try (ChaosCluster cluster = new ChaosCluster(dir, history, network);
                    ChaosClient client = new ChaosClient(cluster.addresses(), writer, options.seed())) {
                cluster.start();
                client.start(RATE);
                Nemesis nemesis = new Nemesis(cluster, network, writer, timing);
                nemesis.run(options.seed(), System.nanoTime() + length.toNanos());
                report.put("faults", nemesis.counts());
                network.heal();
                client.stopSubmitting();
                settle(cluster, client, writer, report);
            }
        } finally {
            keepLogs(dir, history.resolve("logs"));
            TemporaryDirectories.delete(dir);
        }
        ChaosVerdict verdict = HistoryChecker.check(history);
        verdict.reportFields().forEach(report::put);
        report.put("history_dir", history.toString());
        if (!verdict.passed()) {
            System.out.println(
                    "chaos run with --seed " + options.seed() + " found violations; history kept in " + history);
            System.out.print(verdict.summary(HistoryChecker.PRINTED_VIOLATIONS));
        }
        return report;
    }

    /** Lets the work drain, records every node's state, restarts every node and records it again. */
    private static void settle(ChaosCluster cluster, ChaosClient client, HistoryWriter history, BenchReport report)
            throws Exception {
        long from = System.nanoTime();
        boolean resolved = Polling.until(() -> client.unresolved() == 0, SETTLE);
        // The backlog of a long run drains at the workers' pace: wait while it shrinks.
        boolean drained = Polling.untilStalled(() -> drained(cluster), () -> unfinished(cluster), SETTLE, DRAIN_CAP);
        report.put("submitted", client.submitted())
                .put("submits_resolved", resolved)
                .put("drained", drained)
                .put("drain_s", Math.round((System.nanoTime() - from) / 1e8) / 10.0);
        boolean agreed = Polling.until(() -> agree(cluster).isPresent(), SETTLE);
        report.put("nodes_agreed_before_restart", agreed);
        if (!agreed) {
            cluster.dumpThreads(history.dir().resolve("logs"));
        }
        for (String node : ChaosCluster.NODES) {
            history.finalState(node, NodeStates.forChecker(tasksOf(cluster, node)));
        }
        cluster.restartNodes();
        Polling.until(() -> agree(cluster).isPresent(), SETTLE);
        for (String node : ChaosCluster.NODES) {
            history.restartedState(node, NodeStates.forChecker(tasksOf(cluster, node)));
        }
    }

    /** Tasks not finished yet as the leader counts them, or -1 while no leader answers. */
    private static long unfinished(ChaosCluster cluster) {
        return cluster.raftLeader()
                .flatMap(cluster::status)
                .map(s -> s.getTasks().getPending() + s.getTasks().getRunning())
                .orElse(-1L);
    }

    private static boolean drained(ChaosCluster cluster) {
        Optional<String> leader = cluster.raftLeader();
        return leader.flatMap(cluster::status)
                .map(s -> s.getTasks().getPending() + s.getTasks().getRunning() == 0)
                .orElse(false);
    }

    /** Every node's tasks, if all nodes answer and have the same tasks with the same status and attempt. */
    private static Optional<Map<String, Map<String, Task>>> agree(ChaosCluster cluster) {
        Map<String, Map<String, Task>> states = new LinkedHashMap<>();
        try {
            for (String node : ChaosCluster.NODES) {
                states.put(node, NodeStates.read(cluster.channel(node)));
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        long distinct =
                states.values().stream().map(NodeStates::summary).distinct().count();
        return distinct == 1 ? Optional.of(states) : Optional.empty();
    }

    /** A node's tasks; none from a node that does not answer (the checker sees the difference). */
    private static Map<String, Task> tasksOf(ChaosCluster cluster, String node) {
        try {
            return NodeStates.read(cluster.channel(node));
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** The processes' logs go with the history: they explain what the checker finds. */
    private static void keepLogs(Path dir, Path logs) throws IOException {
        Files.createDirectories(logs);
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(log.getFileName()));
            }
        }
    }
}
