package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.workcluster.proto.scheduler.v1.CreateScheduleRequest;
import dev.workcluster.proto.scheduler.v1.GetSchedulesRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.OverlapPolicy;
import dev.workcluster.proto.scheduler.v1.PauseScheduleRequest;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.worker.Worker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recurring schedule across a SIGKILL of the Raft leader, three leader processes: the new leader
 * fires from the replicated state, every fire time on the schedule's grid is accounted for exactly
 * once (a task, a skip or a miss), no fire time makes two tasks, and each task ran once.
 */
class SchedulesAcrossFailoverTest {
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(60);
    private static final long EVERY_MILLIS = 1_000;

    @TempDir
    Path dir;

    @Test
    void eachFireTimeMakesExactlyOneTaskAcrossKillingTheRaftLeader() throws Exception {
        DelaysAcrossFailoverTest.CountingHandler handler = new DelaysAcrossFailoverTest.CountingHandler();
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll();
                NodeStubs nodes = new NodeStubs(cluster)) {
            Worker worker = DelaysAcrossFailoverTest.worker(cluster, handler);
            int leader = cluster.leaderIndex(WAIT);
            RecurringSchedule created = nodes.scheduler(leader)
                    .createSchedule(CreateScheduleRequest.newBuilder()
                            .setSchedule(RecurringSchedule.newBuilder()
                                    .setId("tick")
                                    .setEvery(Duration.newBuilder().setSeconds(EVERY_MILLIS / 1000))
                                    .setOverlap(OverlapPolicy.OVERLAP_POLICY_ALLOW)
                                    .setMaxCatchUp(3)
                                    .setTask(Task.newBuilder().setPayload("tick")))
                            .build())
                    .getSchedule();
            long first = millis(created.getNextFireAt());
            await().atMost(WAIT).until(() -> schedule(nodes, leader).getFired() >= 3);

            cluster.kill(leader);
            int next = await().atMost(WAIT).until(() -> cluster.leaderIndex(WAIT), index -> index != leader);
            long firedAfterKill = schedule(nodes, next).getFired();
            await().atMost(WAIT).until(() -> schedule(nodes, next).getFired() >= firedAfterKill + 4);
            nodes.scheduler(next)
                    .pauseSchedule(
                            PauseScheduleRequest.newBuilder().setId("tick").build());
            RecurringSchedule last = schedule(nodes, next);

            await().atMost(WAIT)
                    .until(() -> tasksOf(nodes, next, "tick@").stream()
                            .allMatch(t -> t.getStatus() == TaskStatus.TASK_STATUS_COMPLETED));
            List<Task> tasks = tasksOf(nodes, next, "tick@");
            List<Long> fireTimes = tasks.stream()
                    .map(t ->
                            Instant.parse(t.getId().substring("tick@".length())).toEpochMilli())
                    .toList();
            assertThat(fireTimes).doesNotHaveDuplicates().allMatch(t -> (t - first) % EVERY_MILLIS == 0);
            assertThat((long) fireTimes.size()).isEqualTo(last.getFired());
            long ticks = (millis(last.getLastFiredAt()) - first) / EVERY_MILLIS + 1;
            assertThat(last.getFired() + last.getSkipped() + last.getMissed())
                    .as("every fire time from the first to the last is a task, a skip or a miss, once")
                    .isEqualTo(ticks);
            for (Task task : tasks) {
                assertThat(handler.starts.get(task.getId())).as(task.getId()).isEqualTo(1);
            }
            worker.shutdown(java.time.Duration.ofSeconds(5));
        }
    }

    private static RecurringSchedule schedule(NodeStubs nodes, int node) {
        return nodes.scheduler(node)
                .getSchedules(GetSchedulesRequest.newBuilder().setId("tick").build())
                .getSchedules(0);
    }

    private static List<Task> tasksOf(NodeStubs nodes, int node, String prefix) {
        List<Task> found = new ArrayList<>();
        String token = "";
        do {
            GetTasksResponse page = nodes.scheduler(node)
                    .getTasks(GetTasksRequest.newBuilder()
                            .setPageSize(1_000)
                            .setPageToken(token)
                            .build());
            page.getTasksList().stream()
                    .filter(t -> t.getId().startsWith(prefix))
                    .forEach(found::add);
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return found;
    }

    private static long millis(Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }
}
