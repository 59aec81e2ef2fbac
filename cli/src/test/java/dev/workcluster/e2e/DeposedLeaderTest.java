package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.cli.client.AllTasks;
import dev.workcluster.client.TaskSpec;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 2: the Raft leader loses both followers to SIGSTOP while library workers run its
 * tasks. They are frozen, not dead, so no other leader can be elected until they get SIGCONT: the
 * old leader is deposed with no successor, which Ratis announces to the state machine not at all
 * (it reports leader changes to a known leader only). The deposed node must stop handing out work
 * and let go of its worker sessions; once the followers are back, whoever leads then (a follower,
 * or the old leader elected again without anyone else having led in between), every task must end,
 * none stuck RUNNING, none run twice at once.
 */
class DeposedLeaderTest {
    private static final Duration WAIT = Duration.ofSeconds(25);
    /** From SIGCONT, with about 120 tasks left: 3 s of work, plus reconnects, on a busy machine. */
    private static final Duration FINISH = Duration.ofSeconds(20);
    /** RaftNode sets no election timeout, so Ratis' default (raft.server.rpc.timeout.max) applies. */
    private static final Duration ELECTION_TIMEOUT = Duration.ofMillis(300);
    /** Longer than the election timeout many times over, shorter than the session grace (5 s). */
    private static final Duration PAUSE = Duration.ofSeconds(4);
    /** No run may start this long after the followers froze, until they are back. */
    private static final Duration DISPATCH_STOPS_WITHIN = ELECTION_TIMEOUT.plusSeconds(1);
    /** A node that stopped being leader holds no worker session this long after it says so. */
    private static final Duration SESSIONS_CLOSE_WITHIN = Duration.ofSeconds(1);

    private static final int BACKLOG = 120;
    private static final Set<TaskStatus> FINISHED =
            Set.of(TaskStatus.TASK_STATUS_COMPLETED, TaskStatus.TASK_STATUS_ERROR, TaskStatus.TASK_STATUS_CANCELLED);

    @TempDir
    Path dir;

    /** 50 to 250 ms, fixed per task: two workers of 4 slots do about 50 tasks a second. */
    static Duration workTime(String taskId) {
        return Duration.ofMillis(50 + Math.floorMod(taskId.hashCode(), 201));
    }

    @Test
    void aLeaderCutOffFromBothFollowersStopsDispatchingAndEveryTaskEndsOnceTheyReturn() throws Exception {
        RecordingHandler handler = new RecordingHandler(DeposedLeaderTest::workTime);
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll();
                WorkClient client = cluster.client(Duration.ofSeconds(5))) {
            List<Worker> workers =
                    List.of(FailoverTest.worker(cluster, "w1", handler), FailoverTest.worker(cluster, "w2", handler));
            try {
                Set<String> acknowledged = new HashSet<>(scheduleBacklog(client));
                try (SteadyLoad load = SteadyLoad.start(client, "s", Duration.ofMillis(50))) {
                    await().atMost(WAIT).until(() -> handler.starts.size() >= 30);
                    int leader = cluster.leaderIndex(WAIT);
                    GetStatusResponse before = cluster.status(leader);
                    assertThat(before.getTasks().getRunning())
                            .as("RUNNING when the followers stop")
                            .isPositive();
                    assertThat(before.getTasks().getPending())
                            .as("PENDING when the followers stop")
                            .isPositive();

                    Freeze freeze = freezeFollowers(cluster, leader);
                    int sentBeforeResume = load.acknowledged.size();
                    await().atMost(WAIT).until(() -> load.acknowledged.size() >= sentBeforeResume + 20);
                    load.finish(WAIT);
                    acknowledged.addAll(load.acknowledged);

                    try {
                        await().atMost(FINISH)
                                .untilAsserted(() -> assertThat(unfinished(client, acknowledged))
                                        .as("acknowledged tasks not finished (id status worker attempt)")
                                        .isEmpty());
                        System.out.printf(
                                "deposed leader: every acknowledged task finished %d ms after SIGCONT%n",
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freeze.resumedAt()));
                    } finally {
                        report(cluster, freeze, handler, client, load);
                    }
                    assertNothingStuckOrDoubled(client, handler, acknowledged);
                    assertThat(sessionsKeptWhileDeposed(freeze.samples()))
                            .as("ms after the freeze when the isolated "
                                    + "node still held worker sessions, more than " + SESSIONS_CLOSE_WITHIN
                                    + " after it "
                                    + "stopped being leader; while frozen it said " + timeline(freeze.samples()))
                            .isEmpty();
                    assertThat(handler.startsBetween(
                                    freeze.pausedAt() + DISPATCH_STOPS_WITHIN.toNanos(), freeze.resumedAt()))
                            .as("runs started more than " + DISPATCH_STOPS_WITHIN + " after the followers froze, "
                                    + "before they were back")
                            .isZero();
                }
            } finally {
                for (Worker worker : workers) {
                    worker.shutdown(Duration.ofSeconds(2));
                }
            }
        }
    }

    private static void assertNothingStuckOrDoubled(
            WorkClient client, RecordingHandler handler, Set<String> acknowledged) {
        assertThat(statuses(client).values())
                .as("tasks left RUNNING or PENDING")
                .filteredOn(t -> !FINISHED.contains(t.getStatus()))
                .isEmpty();
        assertThat(handler.concurrentDuplicates.get())
                .as("runs of a task that was already running " + handler.duplicated)
                .isZero();
        assertThat(handler.concurrentAttemptDuplicates.get())
                .as("runs of an attempt already running")
                .isZero();
        assertThat(handler.runs.keySet()).as("every acknowledged task ran").containsAll(acknowledged);
        assertThat(acknowledged).as("every task that ran was acknowledged").containsAll(handler.runs.keySet());
    }

    /** One all-or-nothing call (idempotent, so retried as a whole until acknowledged). */
    private static List<String> scheduleBacklog(WorkClient client) {
        List<TaskSpec> backlog = IntStream.range(0, BACKLOG)
                .mapToObj(i -> TaskSpec.of("work").withId("b" + i))
                .toList();
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> client.scheduleAll(backlog).size() == BACKLOG);
        return backlog.stream().map(TaskSpec::id).toList();
    }

    /** What the isolated node said about itself at one moment of the freeze ({@code role} null: no answer). */
    record Sample(long millisFrozen, String role, String leader, long term, int openSessions) {
        @Override
        public String toString() {
            return role == null
                    ? "no answer"
                    : "role=" + role + " leader=" + leader + " term=" + term + " open_sessions=" + openSessions;
        }
    }

    /**
     * What happened while the followers were frozen: who was isolated, who led after, when (nanoTime) the
     * freeze began and ended, what the isolated node said meanwhile, and ms from SIGCONT to a leader.
     */
    record Freeze(int isolated, int next, long pausedAt, long resumedAt, List<Sample> samples, long leaderBackMillis) {}

    /**
     * SIGSTOP to both followers of {@code leader}, SIGCONT to both after {@link #PAUSE}, then waits for a
     * leader. Ratis steps the isolated leader down once it has heard from no majority for the election
     * timeout (LOST_MAJORITY_HEARTBEATS, about 0.5 s in) and then keeps it from standing for election for
     * 10 s (leader step-down wait), so for the rest of the freeze it is a follower that knows no leader.
     */
    private static Freeze freezeFollowers(RaftCluster cluster, int leader) throws Exception {
        int[] followers = IntStream.range(0, 3).filter(i -> i != leader).toArray();
        long pausedAt = System.nanoTime();
        List<Sample> samples;
        cluster.pause(followers);
        try {
            samples = watchWhilePaused(cluster, leader, pausedAt);
        } finally {
            cluster.resume(followers);
        }
        long resumedAt = System.nanoTime();
        int next = cluster.leaderIndex(WAIT);
        return new Freeze(
                leader,
                next,
                pausedAt,
                resumedAt,
                samples,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt));
    }

    /** Holds the followers frozen for {@link #PAUSE}, asking the isolated node for its status every 100 ms. */
    private static List<Sample> watchWhilePaused(RaftCluster cluster, int isolated, long pausedAt) {
        List<Sample> samples = new ArrayList<>();
        await().atMost(PAUSE.plusSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    GetStatusResponse status = cluster.status(isolated);
                    long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
                    samples.add(
                            status == null
                                    ? new Sample(at, null, "", 0, 0)
                                    : new Sample(
                                            at,
                                            status.getRole(),
                                            status.getLeaderId(),
                                            status.getTerm(),
                                            status.getOpenSessions()));
                    return System.nanoTime() - pausedAt >= PAUSE.toNanos();
                });
        return samples;
    }

    /** The samples where something changed, with ms since the freeze. */
    private static List<String> timeline(List<Sample> samples) {
        List<String> changes = new ArrayList<>();
        String last = null;
        for (Sample sample : samples) {
            if (!sample.toString().equals(last)) {
                changes.add("+" + sample.millisFrozen() + "ms " + sample);
                last = sample.toString();
            }
        }
        return changes;
    }

    /**
     * Once the isolated node no longer calls itself LEADER (Ratis stepped it down: it heard from no
     * majority), it must hold no worker session: samples from {@link #SESSIONS_CLOSE_WITHIN} after the
     * first such sample on that still show open sessions. Returns when they were taken (ms since the freeze).
     */
    private static List<Long> sessionsKeptWhileDeposed(List<Sample> samples) {
        long deposedAt = samples.stream()
                .filter(s -> s.role() != null && !s.role().equals("LEADER"))
                .mapToLong(Sample::millisFrozen)
                .min()
                .orElseThrow(() -> new AssertionError(
                        "the isolated node called itself LEADER for the whole freeze: " + timeline(samples)));
        return samples.stream()
                .filter(s -> s.millisFrozen() >= deposedAt + SESSIONS_CLOSE_WITHIN.toMillis() && s.openSessions() > 0)
                .map(Sample::millisFrozen)
                .toList();
    }

    private static List<String> unfinished(WorkClient client, Set<String> ids) {
        Map<String, Task> tasks = statuses(client);
        return ids.stream()
                .sorted()
                .map(id -> tasks.get(id))
                .filter(t -> t == null || !FINISHED.contains(t.getStatus()))
                .map(t -> t == null
                        ? "missing"
                        : t.getId() + " " + t.getStatus() + " " + t.getWorkerId() + " " + t.getAttempt())
                .toList();
    }

    private static Map<String, Task> statuses(WorkClient client) {
        return AllTasks.read(client);
    }

    /** What the run looked like, printed whether it passed or not: figures for the log and for a failure. */
    private static void report(
            RaftCluster cluster, Freeze freeze, RecordingHandler handler, WorkClient client, SteadyLoad load) {
        Map<String, Task> tasks;
        try {
            tasks = statuses(client);
        } catch (RuntimeException e) {
            tasks = Map.of(); // the report must not hide the failure it explains
        }
        Map<TaskStatus, Long> byStatus =
                tasks.values().stream().collect(Collectors.groupingBy(Task::getStatus, Collectors.counting()));
        long ranTwice = handler.runs.values().stream().filter(n -> n.get() > 1).count();
        long laterAttempt =
                tasks.values().stream().filter(t -> t.getAttempt() > 1).count();
        long lastStartWhileFrozen = handler.starts.stream()
                .filter(t -> t >= freeze.pausedAt() && t < freeze.resumedAt())
                .mapToLong(t -> TimeUnit.NANOSECONDS.toMillis(t - freeze.pausedAt()))
                .max()
                .orElse(-1);
        System.out.printf(
                "deposed leader: n%d isolated; n%d leads %d ms after SIGCONT; the isolated node "
                        + "while frozen: %s%n",
                freeze.isolated() + 1, freeze.next() + 1, freeze.leaderBackMillis(), timeline(freeze.samples()));
        System.out.printf(
                "deposed leader: tasks %d %s, ran more than once %d, at attempt > 1 %d, runs started "
                        + "while frozen %d (last at +%d ms), failed ScheduleTask calls %d%n",
                tasks.size(),
                byStatus,
                ranTwice,
                laterAttempt,
                handler.startsBetween(freeze.pausedAt(), freeze.resumedAt()),
                lastStartWhileFrozen,
                load.failedCalls.get());
        System.out.printf(
                "deposed leader: n%d's leadership events:%n%s%n",
                freeze.isolated() + 1,
                cluster.logOf(freeze.isolated())
                        .lines()
                        .filter(l -> l.contains("event=leader")
                                || l.contains("event=dispatching")
                                || l.contains("event=session_started")
                                || l.contains("changes role")
                                || l.contains("change Leader")) // Ratis' own, at INFO
                        .limit(60)
                        .collect(Collectors.joining("\n")));
    }
}
