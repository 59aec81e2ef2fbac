package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.client.TaskInfo;
import dev.workcluster.client.TaskSpec;
import dev.workcluster.client.TaskState;
import dev.workcluster.client.WorkClient;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delayed tasks and run timeouts live in the replicated state, not in a leader's memory: three leader processes,
 * the Raft leader killed with SIGKILL (and, in the second test, the group left without a quorum past a task's
 * run_at). The new leader arms its timers from the applied state: the delayed task runs exactly once, after its
 * time, and a run that started under the old leader is stopped when its start_to_close passes.
 */
class DelaysAcrossFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** {@code hang} runs until it is stopped; anything else returns at once. Counts starts and seen stops. */
    static final class CountingHandler implements TaskHandler {
        final Map<String, Integer> starts = new ConcurrentHashMap<>();
        final Map<String, Integer> stops = new ConcurrentHashMap<>();

        @Override
        public String handle(TaskContext context) throws Exception {
            starts.merge(context.taskId(), 1, Integer::sum);
            try {
                while (context.payload().equals("hang")) {
                    context.throwIfCancelled();
                    Thread.sleep(20); // the work: it never ends by itself
                }
            } catch (InterruptedException | RuntimeException stopped) {
                stops.merge(context.taskId(), 1, Integer::sum);
                throw stopped;
            }
            return "done";
        }
    }

    /**
     * Heartbeats every 2 s: the worker holds its runs for about 5 s without an acknowledged heartbeat (its lease),
     * longer than an election, so the run under way when the leader dies is still the same run afterwards.
     */
    static Worker worker(RaftCluster cluster, CountingHandler handler) {
        return Worker.start(
                WorkerOptions.newBuilder()
                        .setLeaderAddresses(cluster.addresses())
                        .setWorkerId("w1")
                        .setSlots(4)
                        .setHeartbeatInterval(Duration.ofSeconds(2))
                        .setReconnectBackoffMax(Duration.ofMillis(500))
                        .build(),
                handler);
    }

    @Test
    void aDelayedTaskAndARunsTimeoutSurviveKillingTheRaftLeader() throws Exception {
        CountingHandler handler = new CountingHandler();
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll();
                WorkClient client = cluster.client(Duration.ofSeconds(10))) {
            Worker worker = worker(cluster, handler);
            client.schedule(
                    TaskSpec.of("hang").withId("slow").withMaxAttempts(1).withStartToClose(Duration.ofSeconds(6)));
            await().atMost(WAIT).until(() -> handler.starts.containsKey("slow"));
            TaskInfo delayed =
                    client.schedule(TaskSpec.of("later").withId("delayed").withDelay(Duration.ofSeconds(4)));
            assertThat(delayed.state()).isEqualTo(TaskState.SCHEDULED);

            int leader = cluster.leaderIndex(WAIT);
            cluster.kill(leader);
            await().atMost(WAIT).until(() -> cluster.leaderIndex(WAIT) != leader);

            await().atMost(WAIT).until(() -> client.get("slow").state() == TaskState.ERROR);
            TaskInfo slow = client.get("slow");
            assertThat(slow.error()).isEqualTo("timed out after 6s (attempt 1 of 1)");
            assertThat(Duration.between(slow.startedAt(), slow.finishedAt()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(6));
            assertThat(handler.starts.get("slow"))
                    .as("the run outlived the leader change")
                    .isEqualTo(1);
            await().atMost(WAIT).until(() -> handler.stops.getOrDefault("slow", 0) == 1);

            await().atMost(WAIT).until(() -> client.get("delayed").state() == TaskState.COMPLETED);
            TaskInfo ran = client.get("delayed");
            assertThat(ran.startedAt()).isAfterOrEqualTo(delayed.runAt());
            assertThat(handler.starts.get("delayed")).isEqualTo(1);
            worker.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aTaskDueWhileTheGroupHasNoLeaderRunsOnceAndPromptlyWhenOneIsBack() throws Exception {
        CountingHandler handler = new CountingHandler();
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll();
                WorkClient client = cluster.client(Duration.ofSeconds(10))) {
            Worker worker = worker(cluster, handler);
            TaskInfo delayed =
                    client.schedule(TaskSpec.of("later").withId("delayed").withDelay(Duration.ofSeconds(3)));

            int leader = cluster.leaderIndex(WAIT);
            int follower = (leader + 1) % 3;
            cluster.kill(leader);
            cluster.kill(follower);
            Instant dueAt = delayed.runAt();
            await().atMost(WAIT).until(() -> Instant.now().isAfter(dueAt.plusSeconds(2))); // due with no leader
            assertThat(handler.starts).isEmpty();

            cluster.launch(follower);
            cluster.awaitReady(follower);
            Instant quorumBack = Instant.now();

            await().atMost(WAIT).until(() -> client.get("delayed").state() == TaskState.COMPLETED);
            TaskInfo ran = client.get("delayed");
            assertThat(ran.startedAt()).isAfterOrEqualTo(dueAt);
            assertThat(Duration.between(quorumBack, ran.startedAt()))
                    .as("released once a leader is back, not a timer period later")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(handler.starts.get("delayed")).isEqualTo(1);
            worker.shutdown(Duration.ofSeconds(5));
        }
    }
}
