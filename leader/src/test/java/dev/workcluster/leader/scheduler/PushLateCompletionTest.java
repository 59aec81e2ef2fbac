package dev.workcluster.leader.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.PushWorkers;
import dev.workcluster.leader.testing.TestPushWorker;
import dev.workcluster.proto.cluster.v1.HeartbeatStatus;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by the chaos run: the seed's push workers report completions without an attempt,
 * so a late report of an earlier run completed the next attempt while its StartWork was
 * still on its way, and that start then ran a task already recorded COMPLETED. Such a
 * report now waits for the StartWork answer: the task finishes after the run began.
 */
class PushLateCompletionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void aLateReportOfTheFirstRunWaitsUntilTheSecondRunsStartIsAnswered() throws Exception {
        try (LeaderFixture leader = LeaderFixture.start(dir, c -> c.withWorkerCallTimeout(CALL_TIMEOUT));
                PushWorkers workers = new PushWorkers(leader)) {
            TestPushWorker worker = workers.join("p1");
            leader.scheduler()
                    .scheduleTask(ScheduleTaskRequest.newBuilder()
                            .setTask(Task.newBuilder().setId("t1").setPayload("p"))
                            .build());
            await().atMost(WAIT).until(() -> worker.running().contains("t1"));

            // The first run ends, but its report is held up; the worker says it is idle, so the
            // leader counts the run as a used attempt and starts the second, slowly.
            worker.startWorkDelay(CALL_TIMEOUT.toMillis() - 1_000);
            await().atMost(WAIT).until(() -> {
                worker.heartbeat(HeartbeatStatus.HEARTBEAT_STATUS_IDLE);
                Task now = task(leader, "t1");
                // attempt 2 queued is not enough: the report must arrive while the second start is on its way
                return now.getAttempt() == 2 && now.getStatus() == TaskStatus.TASK_STATUS_RUNNING;
            });
            worker.complete("t1"); // the first run's report, arriving now; answered once recorded

            assertThat(task(leader, "t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
            assertThat(worker.started())
                    .as("the second start reached the worker before the task finished")
                    .containsExactly("t1", "t1");
        }
    }

    private static Task task(LeaderFixture leader, String id) {
        return leader.scheduler()
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }
}
