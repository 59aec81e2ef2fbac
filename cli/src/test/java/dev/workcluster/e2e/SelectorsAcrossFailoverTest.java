package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker labels live in the replicated state: three leader processes, two labelled library workers,
 * tasks with selectors before and after a SIGKILL of the Raft leader. Each task runs only on a worker
 * its selector allows, under either leader, and a task no worker matches waits with a warning.
 */
class SelectorsAcrossFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** Records which worker ran each task. */
    record RanOn(String workerId, Map<String, String> runs) implements TaskHandler {
        @Override
        public String handle(TaskContext context) {
            runs.merge(context.taskId(), workerId, (a, b) -> a + "," + b);
            return "ran on " + workerId;
        }
    }

    private static Worker worker(RaftCluster cluster, String id, Map<String, String> labels, Map<String, String> runs) {
        return Worker.start(
                WorkerOptions.newBuilder()
                        .setLeaderAddresses(cluster.addresses())
                        .setWorkerId(id)
                        .setSlots(2)
                        .setLabels(labels)
                        .setReconnectBackoffMax(Duration.ofMillis(500))
                        .build(),
                new RanOn(id, runs));
    }

    @Test
    void tasksRunOnlyWhereTheirSelectorsAllowUnderEitherLeader() throws Exception {
        Map<String, String> runs = new ConcurrentHashMap<>();
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll();
                NodeStubs nodes = new NodeStubs(cluster)) {
            Worker gpu = worker(cluster, "gpu-w", Map.of("gpu", "true", "zone", "eu"), runs);
            Worker cpu = worker(cluster, "cpu-w", Map.of("zone", "us"), runs);
            int leader = cluster.leaderIndex(WAIT);
            await().atMost(WAIT).until(() -> cluster.status(leader).getMembersAlive() == 2);
            submitRound(nodes, leader, "before");
            Task mars = schedule(nodes, leader, "mars", "zone=mars");
            assertThat(mars.getWarning()).isEqualTo("no alive worker matches selector 'zone=mars' (2 workers alive)");
            await().atMost(WAIT).until(() -> runs.size() == 6);

            cluster.kill(leader);
            int next = await().atMost(WAIT).until(() -> cluster.leaderIndex(WAIT), index -> index != leader);
            await().atMost(WAIT).until(() -> cluster.status(next).getMembersAlive() == 2);
            submitRound(nodes, next, "after");
            await().atMost(WAIT).until(() -> runs.size() == 12);

            for (String round : new String[] {"before", "after"}) {
                for (int i = 0; i < 3; i++) {
                    assertThat(runs.get(round + "-gpu-" + i)).isEqualTo("gpu-w");
                    assertThat(runs.get(round + "-no-gpu-" + i)).isEqualTo("cpu-w");
                }
            }
            Task stillWaiting = nodes.scheduler(next)
                    .getTask(GetTaskRequest.newBuilder().setId("mars").build())
                    .getTask();
            assertThat(stillWaiting.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_PENDING);
            assertThat(stillWaiting.getWarning()).contains("no alive worker matches selector 'zone=mars'");
            assertThat(runs).doesNotContainKey("mars");
            gpu.shutdown(Duration.ofSeconds(5));
            cpu.shutdown(Duration.ofSeconds(5));
        }
    }

    private static void submitRound(NodeStubs nodes, int node, String round) {
        for (int i = 0; i < 3; i++) {
            schedule(nodes, node, round + "-gpu-" + i, "gpu=true");
            schedule(nodes, node, round + "-no-gpu-" + i, "!gpu");
        }
    }

    private static Task schedule(NodeStubs nodes, int node, String id, String selector) {
        return nodes.scheduler(node)
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("p").setSelector(selector))
                        .build())
                .getTask();
    }
}
