package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.cli.client.AllTasks;
import dev.workcluster.client.TaskSpec;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three leader processes under load; the Raft leader is killed with SIGKILL. */
class FailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void killingTheRaftLeaderLosesNoAcknowledgedTaskAndRunsNoTaskTwiceAtOnce() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll();
                WorkClient client = cluster.client(Duration.ofSeconds(5))) {
            List<Worker> workers = List.of(worker(cluster, "w1", handler), worker(cluster, "w2", handler));
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean scheduling = new AtomicBoolean(true);
            Thread load = new Thread(() -> scheduleUntilStopped(client, acknowledged, scheduling));
            load.start();
            try {
                await().atMost(WAIT).until(() -> handler.runs.size() >= 50);

                int leader = cluster.leaderIndex(WAIT);
                handler.noteFirstStartAfter(System.nanoTime());
                long killedAt = System.nanoTime();
                cluster.kill(leader);
                await().atMost(WAIT)
                        .until(() ->
                                handler.firstStartAfter() != Long.MAX_VALUE && cluster.leaderIndex(WAIT) != leader);
                long resumeMillis = TimeUnit.NANOSECONDS.toMillis(handler.firstStartAfter() - killedAt);
                System.out.printf(
                        "failover: kill -9 of the Raft leader -> first task started under the new leader "
                                + "after %d ms%n",
                        resumeMillis);
                int before = acknowledged.size();
                await().atMost(WAIT).until(() -> acknowledged.size() >= before + 50);
            } finally {
                scheduling.set(false);
                load.join();
            }

            await().atMost(WAIT).until(() -> allCompleted(client, acknowledged));
            Map<String, TaskStatus> statuses = statuses(client);
            assertThat(statuses.keySet()).containsAll(acknowledged);
            assertThat(handler.concurrentDuplicates).hasValue(0);
            assertThat(handler.runs.keySet()).containsAll(acknowledged);
            for (Worker worker : workers) {
                worker.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    static Worker worker(RaftCluster cluster, String id, RecordingHandler handler) {
        return Worker.start(
                WorkerOptions.newBuilder()
                        .setLeaderAddresses(cluster.addresses())
                        .setWorkerId(id)
                        .setSlots(4)
                        .setHeartbeatInterval(Duration.ofMillis(300))
                        .setReconnectBackoffMax(Duration.ofMillis(500))
                        .build(),
                handler);
    }

    /** Schedules tasks one after another, remembering those the cluster acknowledged. */
    static void scheduleUntilStopped(WorkClient client, Set<String> acknowledged, AtomicBoolean scheduling) {
        for (int i = 0; scheduling.get(); i++) {
            String id = "t" + i;
            try {
                client.schedule(TaskSpec.of("work").withId(id));
                acknowledged.add(id);
            } catch (RuntimeException e) {
                i--; // not acknowledged (leader changing): the same id again, which is idempotent
            }
        }
    }

    static boolean allCompleted(WorkClient client, Set<String> ids) {
        Map<String, TaskStatus> statuses = statuses(client);
        return ids.stream().allMatch(id -> statuses.get(id) == TaskStatus.TASK_STATUS_COMPLETED);
    }

    static Map<String, TaskStatus> statuses(WorkClient client) {
        return AllTasks.read(client).values().stream().collect(Collectors.toMap(Task::getId, Task::getStatus));
    }
}
