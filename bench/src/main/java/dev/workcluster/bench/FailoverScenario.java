package dev.workcluster.bench;

import dev.workcluster.testkit.LeaderProcess;
import dev.workcluster.testkit.LibraryWorkers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failover under load: three leader nodes, each a process of its own, one Raft group; library
 * workers in this JVM pointed at all three; a client offering a steady rate and failing over
 * across the three addresses. After a warm-up the Raft leader is killed with SIGKILL, the load
 * goes on, then stops and the cluster drains. Reports kill → first task started under the new
 * leader (worker side, this JVM's clock), acknowledged tasks that never completed (must be 0)
 * and tasks whose handler ran to completion more than once.
 */
public final class FailoverScenario extends Scenario {
    static final int NODES = 3;
    static final int RATE = 200;
    static final int WORKERS = 4;
    static final int SLOTS = 8;
    /** Far above what the offered rate queues while the group has no leader, so no offer is dropped. */
    static final int MAX_QUEUED = 20_000;

    static final List<String> NODE_JVM_OPTIONS = List.of("-Xmx512m");
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STEADY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DRAIN_STALL = Duration.ofSeconds(10);

    /**
     * How long each phase lasts.
     *
     * @param warmUp    load before the kill (longer if by then not one second's worth of tasks has started)
     * @param afterKill load goes on this long after the kill
     * @param drain     at most this long for the acknowledged tasks to finish once the load stopped (less if
     *                  no task starts for {@link #DRAIN_STALL})
     */
    record Plan(int rate, Duration warmUp, Duration afterKill, Duration drain) {}

    public FailoverScenario() {
        super(
                "failover",
                "three leader processes, 200 tasks/s offered, kill -9 of the Raft leader: "
                        + "resume time, lost tasks, duplicate completions");
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        Plan plan = options.quick()
                ? new Plan(RATE, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(60))
                : new Plan(RATE, Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(300));
        return run(plan, Environment.header(new BenchReport(name()), options));
    }

    static BenchReport run(Plan plan, BenchReport report) throws Exception {
        report.put("nodes", NODES)
                .put("workers", WORKERS)
                .put("slots_per_worker", SLOTS)
                .put("offered_per_s", plan.rate())
                .put("load_after_kill_s", plan.afterKill().toSeconds());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        long startingAt = System.nanoTime();
        try (LeaderGroup group = LeaderGroup.start("failover", NODES, NODE_JVM_OPTIONS);
                LoadClient client = new LoadClient(group.addresses(), MAX_QUEUED, acknowledged::add);
                LibraryWorkers workers = new LibraryWorkers(BenchWorkers.GRACE)) {
            TaskTimings timings = new TaskTimings(client::taskStarted);
            TaskLedger ledger = new TaskLedger(timings);
            BenchWorkers.startJoined(workers, WORKERS, SLOTS, group.addresses(), ledger, client);
            report.put("cluster_start_s", Percentiles.round((System.nanoTime() - startingAt) / 1e9));

            Kill kill = killLeaderUnderLoad(plan, group, client, ledger, timings, report);

            long drainFrom = System.nanoTime();
            boolean drained = Polling.untilStalled(
                    () -> client.unresolved() == 0 && group.idle(kill.elected()),
                    timings::handled,
                    DRAIN_STALL,
                    plan.drain());
            double drainSeconds = (System.nanoTime() - drainFrom) / 1e9;
            LostTasks lost = LostTasks.find(acknowledged, group.channel(kill.elected()));
            Optional<TaskLedger.Start> resumed = NewLeaderResume.first(
                    ledger.startsSinceWatch(), kill.goneAtMillis(), group.channel(kill.elected()));

            report.put("killed_leader", group.node(kill.killed()).name())
                    .put("kill_signal", "SIGKILL (exit " + LeaderProcess.SIGKILL_EXIT_CODE + ")")
                    .put("first_elected", group.node(kill.firstElected()).name())
                    .put("new_leader", group.node(kill.elected()).name())
                    .put("election_ms", millisBetween(kill.killedAtNanos(), kill.electedAtNanos()))
                    .put(
                            "sessions_back_ms",
                            kill.sessionsBackAtNanos() < 0
                                    ? null
                                    : millisBetween(kill.killedAtNanos(), kill.sessionsBackAtNanos()))
                    .put(
                            "resume_ms",
                            resumed.map(start -> millisBetween(kill.killedAtNanos(), start.atNanos()))
                                    .orElse(null))
                    .put("tasks_started_before_kill", kill.startedBefore())
                    .put("tasks_acknowledged", (long) acknowledged.size())
                    .put("tasks_completed", acknowledged.size() - lost.count())
                    .put("lost_tasks", lost.count())
                    .put("duplicate_completions", ledger.duplicateCompletions())
                    .put("duplicate_completions_same_attempt", ledger.duplicateCompletionsOfOneAttempt())
                    .put("attempt_raised_uninterrupted", ledger.attemptRaisedUninterrupted())
                    .put("drained", drained)
                    .put("drain_s", Percentiles.round(drainSeconds))
                    .put("submits_retried", client.retried())
                    .put("submits_rejected", client.rejected())
                    .put("offers_dropped", client.dropped())
                    .put("schedule_to_start_ms", Percentiles.millis(timings.scheduleToStartMicros()));
            if (lost.count() > 0) {
                report.put("lost_tasks_by_status", lost.byStatus()).put("lost_tasks_first", lost.first());
            }
            return report;
        }
    }

    /**
     * What happened around the kill.
     *
     * @param killed        index of the node that was the Raft leader and was killed
     * @param firstElected  index of the node that reported itself leader first after the kill
     * @param elected       index of the node that led once the sessions were back (else the first elected)
     * @param goneAtMillis  wall clock once the killed process had exited
     * @param sessionsBackAtNanos when the new leader had every worker's session again; -1 if it did not in time
     * @param startedBefore tasks started on the workers before the kill
     */
    private record Kill(
            int killed,
            int firstElected,
            int elected,
            long killedAtNanos,
            long goneAtMillis,
            long electedAtNanos,
            long sessionsBackAtNanos,
            long startedBefore) {}

    /** Offers the load, kills the Raft leader after the warm-up, keeps the load on for a while, then stops it. */
    private static Kill killLeaderUnderLoad(
            Plan plan, LeaderGroup group, LoadClient client, TaskLedger ledger, TaskTimings timings, BenchReport report)
            throws Exception {
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        long loadFrom = System.nanoTime();
        BackgroundLoad load = BackgroundLoad.start(() -> client.offer(plan.rate(), stopAt));
        Kill kill;
        try {
            Polling.sleepUntil(loadFrom + plan.warmUp().toNanos());
            // a slow start (a busy machine) must not put the kill before the cluster runs tasks steadily
            Polling.until(() -> timings.handled() >= plan.rate(), STEADY_TIMEOUT);
            report.put("warm_up_s", Percentiles.round((System.nanoTime() - loadFrom) / 1e9));
            int killed = group.awaitLeader(ELECTION_TIMEOUT);
            ledger.watchStartsFrom(System.nanoTime());
            long startedBefore = timings.handled();
            long killedAt = System.nanoTime();
            stopAt.set(killedAt + plan.afterKill().toNanos());
            group.node(killed).kill();
            long goneAtMillis = System.currentTimeMillis();
            int firstElected = group.awaitLeader(ELECTION_TIMEOUT);
            long electedAt = System.nanoTime();
            // Leadership may move again (a new leader that starts slowly can be deposed): the sessions
            // count where they are served, on whichever node leads by then.
            AtomicInteger serving = new AtomicInteger(-1);
            boolean sessionsBack = Polling.until(
                    () -> {
                        Optional<Integer> leader = group.leaderIndex();
                        leader.filter(i -> group.status(i)
                                        .map(s -> s.getOpenSessions() >= WORKERS)
                                        .orElse(false))
                                .ifPresent(serving::set);
                        return serving.get() >= 0;
                    },
                    ELECTION_TIMEOUT);
            kill = new Kill(
                    killed,
                    firstElected,
                    sessionsBack ? serving.get() : firstElected,
                    killedAt,
                    goneAtMillis,
                    electedAt,
                    sessionsBack ? System.nanoTime() : -1,
                    startedBefore);
        } catch (Exception | Error e) {
            stopAt.set(0);
            load.join();
            throw e;
        }
        load.join();
        return kill;
    }

    private static double millisBetween(long fromNanos, long toNanos) {
        return Percentiles.round((toNanos - fromNanos) / (double) TimeUnit.MILLISECONDS.toNanos(1));
    }
}
