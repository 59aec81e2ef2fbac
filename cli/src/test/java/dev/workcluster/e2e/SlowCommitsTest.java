package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A leader whose proposals time out long before their entries commit: nearly every
 * future fails while its entry still commits. What committed must still be delivered
 * and finished: no task may sit RUNNING on a worker that does not run it for longer than
 * the reconcile interval, and every task ends.
 */
class SlowCommitsTest {
    private static final Duration PROPOSAL_TIMEOUT = Duration.ofMillis(3);
    /** Two heartbeats to notice a missing run, the settle time, a resend: well under this. */
    private static final long STUCK_BOUND_MILLIS = 5_000;

    private static final int TASKS = 300;
    private static final int BATCH = 25;

    @Test
    void committedWorkIsDeliveredAndFinishedWhenEveryFutureTimesOut() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        List<Worker> workers = new ArrayList<>();
        try (EmbeddedCluster leader =
                EmbeddedCluster.start("e2e-slow-commits", c -> c.withProposalTimeout(PROPOSAL_TIMEOUT))) {
            for (int i = 1; i <= 3; i++) {
                workers.add(Worker.start(
                        WorkerOptions.newBuilder()
                                .setLeaderAddresses(leader.address())
                                .setWorkerId("w" + i)
                                .setSlots(4)
                                .setHeartbeatInterval(Duration.ofMillis(200))
                                .setReconnectBackoffMax(Duration.ofMillis(200))
                                .build(),
                        handler));
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> leader.members().stream()
                                    .filter(m -> m.getStatus().startsWith("alive"))
                                    .count()
                            == 3);
            for (int i = 0; i < TASKS; i += BATCH) {
                scheduleUntilAcknowledged(leader, i);
            }
            StuckRuns stuck = new StuckRuns();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        stuck.sample(running(leader), handler.running());
                        return finished(leader) == TASKS;
                    });

            System.out.printf(
                    "slow commits: longest a RUNNING task was not running on any worker: %d ms%n",
                    stuck.longestMillis());
            assertThat(stuck.longestMillis()).isLessThan(STUCK_BOUND_MILLIS);
            assertThat(handler.concurrentDuplicates).hasValue(0);
            assertThat(leader.tasks().count(TaskStatus.TASK_STATUS_COMPLETED)).isEqualTo(TASKS);
        } finally {
            workers.forEach(w -> w.shutdown(Duration.ofSeconds(5)));
        }
    }

    /** A timed-out schedule may have committed: retried with the same ids, as a client should. */
    private static void scheduleUntilAcknowledged(EmbeddedCluster leader, int first) {
        ScheduleTasksRequest.Builder batch = ScheduleTasksRequest.newBuilder();
        for (int i = first; i < first + BATCH; i++) {
            batch.addTasks(Task.newBuilder().setId("t" + i).setPayload("p"));
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .ignoreException(StatusRuntimeException.class)
                .until(() -> {
                    leader.tasks().scheduler().scheduleTasks(batch.build());
                    return true;
                });
    }

    private static Set<String> running(EmbeddedCluster leader) {
        return leader
                .tasks()
                .scheduler()
                .getTasks(GetTasksRequest.newBuilder()
                        .setStatus(TaskStatus.TASK_STATUS_RUNNING)
                        .build())
                .getTasksList()
                .stream()
                .map(Task::getId)
                .collect(Collectors.toSet());
    }

    private static long finished(EmbeddedCluster leader) {
        return leader.tasks().scheduler().getTasks(GetTasksRequest.getDefaultInstance()).getTasksList().stream()
                .filter(t -> t.getStatus() == TaskStatus.TASK_STATUS_COMPLETED
                        || t.getStatus() == TaskStatus.TASK_STATUS_ERROR)
                .count();
    }

    /** How long tasks stay RUNNING on the leader while no handler runs them. */
    private static final class StuckRuns {
        private final Map<String, Long> since = new HashMap<>();
        private final AtomicLong longest = new AtomicLong();

        void sample(Set<String> runningOnLeader, Set<String> runningInHandlers) {
            long now = System.nanoTime();
            since.keySet().retainAll(runningOnLeader);
            for (String id : runningOnLeader) {
                if (runningInHandlers.contains(id)) {
                    since.remove(id);
                } else {
                    long from = since.computeIfAbsent(id, k -> now);
                    longest.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(now - from), Math::max);
                }
            }
        }

        long longestMillis() {
            return longest.get();
        }
    }
}
