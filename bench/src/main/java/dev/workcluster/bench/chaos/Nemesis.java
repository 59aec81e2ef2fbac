package dev.workcluster.bench.chaos;

import dev.workcluster.testkit.NetworkNamespaces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects faults on a schedule drawn from the seed, on two tracks at once: one hits the
 * leader nodes (SIGKILL and restart on the same data, SIGSTOP/SIGCONT pauses, network
 * partitions, among them one that cuts the Raft leader off with some workers), the other
 * the workers (SIGKILL and restart, pauses). Each fault is undone before its track draws the
 * next one, and every fault and its undoing is recorded in {@code faults.jsonl}.
 */
final class Nemesis {
    private static final Logger log = LoggerFactory.getLogger(Nemesis.class);

    /** How long faults last and how far apart they are. */
    record Timing(Duration maxPause, Duration maxDown, Duration maxPartition, Duration maxGap) {}

    private final ChaosCluster cluster;
    private final NetworkNamespaces network;
    private final HistoryWriter history;
    private final Timing timing;
    private final AtomicInteger leaderKills = new AtomicInteger();
    private final AtomicInteger workerKills = new AtomicInteger();
    private final AtomicInteger pauses = new AtomicInteger();
    private final AtomicInteger partitions = new AtomicInteger();

    Nemesis(ChaosCluster cluster, NetworkNamespaces network, HistoryWriter history, Timing timing) {
        this.cluster = cluster;
        this.network = network;
        this.history = history;
        this.timing = timing;
    }

    /** Runs both tracks until {@code endNanos}; returns once both have undone their last fault. */
    void run(long seed, long endNanos) throws InterruptedException {
        List<Thread> tracks = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        tracks.add(track("nemesis-leaders", () -> leaderTrack(new Random(seed), endNanos), failures));
        tracks.add(track("nemesis-workers", () -> workerTrack(new Random(seed * 31 + 7), endNanos), failures));
        for (Thread track : tracks) {
            track.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a fault could not be injected or undone", failures.get(0));
        }
    }

    Map<String, Object> counts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("leader_kills", leaderKills.get());
        counts.put("worker_kills", workerKills.get());
        counts.put("pauses", pauses.get());
        counts.put("partitions", partitions.get());
        return counts;
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread track(String name, Body body, List<Throwable> failures) {
        Thread thread = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                },
                name);
        thread.start();
        return thread;
    }

    private void leaderTrack(Random random, long endNanos) throws Exception {
        while (System.nanoTime() < endNanos) {
            gap(random);
            double draw = random.nextDouble();
            String target = random.nextBoolean()
                    ? cluster.raftLeader().orElse(any(random, ChaosCluster.NODES))
                    : any(random, ChaosCluster.NODES);
            if (draw < 0.45) {
                killAndRestart(target, random, leaderKills);
            } else if (draw < 0.7 || !network.partitionsPossible()) {
                pause(target, random);
            } else {
                partition(random);
            }
        }
    }

    private void workerTrack(Random random, long endNanos) throws Exception {
        while (System.nanoTime() < endNanos) {
            gap(random);
            String target = any(random, ChaosCluster.WORKERS);
            if (random.nextDouble() < 0.6) {
                killAndRestart(target, random, workerKills);
            } else {
                pause(target, random);
            }
        }
    }

    private void killAndRestart(String target, Random random, AtomicInteger counter) throws Exception {
        cluster.kill(target);
        counter.incrementAndGet();
        record(FaultEvent.Fault.KILL, target, "SIGKILL");
        sleep(between(random, Duration.ofMillis(500), timing.maxDown()));
        cluster.restart(target);
        record(FaultEvent.Fault.RESTART, target, "same data dir");
    }

    private void pause(String target, Random random) throws Exception {
        Duration length = between(random, Duration.ofSeconds(1), timing.maxPause());
        cluster.pause(target);
        pauses.incrementAndGet();
        record(FaultEvent.Fault.PAUSE, target, "SIGSTOP for " + length.toMillis() + " ms");
        sleep(length);
        cluster.resume(target);
        record(FaultEvent.Fault.RESUME, target, "SIGCONT");
    }

    /** Half the time the Raft leader with one or two workers on the minority side, else one node alone. */
    private void partition(Random random) throws Exception {
        List<String> minority = new ArrayList<>();
        if (random.nextBoolean()) {
            minority.add(cluster.raftLeader().orElse(any(random, ChaosCluster.NODES)));
            int workers = 1 + random.nextInt(2);
            while (minority.size() < 1 + workers) {
                String worker = any(random, ChaosCluster.WORKERS);
                if (!minority.contains(worker)) {
                    minority.add(worker);
                }
            }
        } else {
            minority.add(any(random, ChaosCluster.NODES));
        }
        Duration length = between(random, Duration.ofSeconds(2), timing.maxPartition());
        network.partition(minority);
        partitions.incrementAndGet();
        record(
                FaultEvent.Fault.PARTITION,
                String.join(",", minority),
                "cut off from the rest for " + length.toMillis() + " ms");
        sleep(length);
        network.heal();
        record(FaultEvent.Fault.HEAL, String.join(",", minority), "");
    }

    private void gap(Random random) throws InterruptedException {
        sleep(between(random, Duration.ofMillis(500), timing.maxGap()));
    }

    private void record(FaultEvent.Fault fault, String target, String detail) {
        log.info("event=fault fault={} target={} detail=\"{}\"", fault, target, detail);
        history.fault(new FaultEvent(System.currentTimeMillis(), fault, target, detail));
    }

    private static String any(Random random, List<String> members) {
        return members.get(random.nextInt(members.size()));
    }

    private static Duration between(Random random, Duration min, Duration max) {
        return min.plusMillis(
                (long) (random.nextDouble() * Math.max(0, max.minus(min).toMillis())));
    }

    private static void sleep(Duration length) throws InterruptedException {
        Thread.sleep(length.toMillis()); // the fault's own length: time is what is being injected here
    }
}
