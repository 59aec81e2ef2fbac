package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.scheduler.v1.GetQueuesRequest;
import dev.workcluster.proto.scheduler.v1.Queue;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SetQueueRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named queues live in the replicated state: three leader processes, two library workers (one
 * taking only the "mail" queue), tasks in a queue limited to one running task before and after a
 * SIGKILL of the Raft leader. The new leader knows the queue's settings, the limit holds across
 * the failover (never two of its tasks at once, counting those that ran through the election),
 * a worker gets only tasks of the queues it takes, and every task runs exactly once.
 */
class QueuesAcrossFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PER_ROUND = 4;

    @TempDir
    Path dir;

    /** Records which worker ran each task, and the most tasks of the "limited" queue seen running at once. */
    static final class Recorder {
        final Map<String, String> runs = new ConcurrentHashMap<>();
        final AtomicInteger limitedNow = new AtomicInteger();
        final AtomicInteger limitedMost = new AtomicInteger();

        TaskHandler handlerOf(String workerId) {
            return (TaskContext context) -> {
                boolean limited = context.taskId().startsWith("limited-");
                if (limited) {
                    limitedMost.accumulateAndGet(limitedNow.incrementAndGet(), Math::max);
                }
                try {
                    Thread.sleep(150); // the task's work: long enough that a second one would overlap it
                } finally {
                    if (limited) {
                        limitedNow.decrementAndGet();
                    }
                }
                runs.merge(context.taskId(), workerId, (a, b) -> a + "," + b);
                return "ran on " + workerId;
            };
        }
    }

    private static Worker worker(RaftCluster cluster, String id, List<String> queues, Recorder recorder) {
        return Worker.start(
                WorkerOptions.newBuilder()
                        .setLeaderAddresses(cluster.addresses())
                        .setWorkerId(id)
                        .setSlots(3)
                        .setQueues(queues)
                        .setReconnectBackoffMax(Duration.ofMillis(500))
                        .build(),
                recorder.handlerOf(id));
    }

    @Test
    void settingsLimitsAndSubscriptionsHoldUnderEitherLeader() throws Exception {
        Recorder recorder = new Recorder();
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll();
                NodeStubs nodes = new NodeStubs(cluster)) {
            int leader = cluster.leaderIndex(WAIT);
            nodes.scheduler(leader)
                    .setQueue(SetQueueRequest.newBuilder()
                            .setQueue(Queue.newBuilder()
                                    .setName("limited")
                                    .setWeight(2)
                                    .setMaxRunning(1))
                            .build());
            Worker mail = worker(cluster, "mail-w", List.of("mail"), recorder);
            Worker any = worker(cluster, "any-w", List.of(), recorder);
            await().atMost(WAIT).until(() -> cluster.status(leader).getMembersAlive() == 2);
            submitRound(nodes, leader, "before");
            await().atMost(WAIT)
                    .until(() -> recorder.runs.keySet().stream().anyMatch(id -> id.startsWith("limited-before")));

            cluster.kill(leader); // while tasks of the limited queue still wait and run
            int next = await().atMost(WAIT).until(() -> cluster.leaderIndex(WAIT), index -> index != leader);
            assertThat(nodes.scheduler(next)
                            .getQueues(GetQueuesRequest.newBuilder()
                                    .setName("limited")
                                    .build())
                            .getQueues(0))
                    .extracting(Queue::getWeight, Queue::getMaxRunning)
                    .containsExactly(2, 1);
            await().atMost(WAIT).until(() -> cluster.status(next).getMembersAlive() == 2);
            submitRound(nodes, next, "after");
            await().atMost(WAIT).until(() -> recorder.runs.size() == 2 * 3 * PER_ROUND);

            assertThat(recorder.limitedMost.get())
                    .as("tasks of the queue limited to one running task, seen running at once")
                    .isEqualTo(1);
            recorder.runs.forEach((task, ranOn) -> {
                assertThat(ranOn).as("where %s ran", task).doesNotContain(",");
                if (!task.startsWith("mail-")) {
                    assertThat(ranOn).as("where %s ran", task).isEqualTo("any-w");
                }
            });
            assertThat(recorder.runs).containsValue("mail-w");
            mail.shutdown(Duration.ofSeconds(5));
            any.shutdown(Duration.ofSeconds(5));
        }
    }

    private static void submitRound(NodeStubs nodes, int node, String round) {
        for (int i = 0; i < PER_ROUND; i++) {
            schedule(nodes, node, "limited-" + round + "-" + i, "limited");
            schedule(nodes, node, "mail-" + round + "-" + i, "mail");
            schedule(nodes, node, "plain-" + round + "-" + i, "");
        }
    }

    private static void schedule(NodeStubs nodes, int node, String id, String queue) {
        nodes.scheduler(node)
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("p").setQueue(queue))
                        .build());
    }
}
