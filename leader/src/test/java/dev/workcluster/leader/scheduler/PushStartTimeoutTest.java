package dev.workcluster.leader.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.PushWorkers;
import dev.workcluster.leader.testing.TestPushWorker;
import dev.workcluster.proto.cluster.v1.HeartbeatStatus;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seed push worker whose StartWork reply comes after the leader stopped waiting: the
 * worker may well have started the task, so the run stays its own (it never runs
 * elsewhere meanwhile) until it reports idle, and then it counts as a used attempt.
 */
class PushStartTimeoutTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(300);
    private static final long SLOW_REPLY_MILLIS = 1_500;

    @TempDir
    Path dir;

    LeaderFixture leader;
    PushWorkers workers;

    @BeforeEach
    void startLeader() throws Exception {
        leader = LeaderFixture.start(dir, c -> c.withWorkerCallTimeout(CALL_TIMEOUT));
        workers = new PushWorkers(leader);
    }

    @AfterEach
    void stop() throws Exception {
        workers.close();
        leader.close();
    }

    @Test
    void aStartWhoseReplyTimedOutStaysWithItsWorkerAndRunsNowhereElse() throws Exception {
        TestPushWorker slow = workers.join("a-slow").startWorkDelay(SLOW_REPLY_MILLIS);
        schedule("t1");
        awaitPaused("a-slow");

        TestPushWorker other = workers.join("b-other");
        schedule("marker");
        await().atMost(WAIT).until(() -> other.running().contains("marker"));
        assertThat(other.started()).as("t1 may be running on a-slow").doesNotContain("t1");
        assertThat(task("t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_RUNNING);
        assertThat(task("t1").getWorkerId()).isEqualTo("a-slow");

        await().atMost(WAIT).until(() -> slow.running().contains("t1"));
        slow.complete("t1");
        assertThat(task("t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
        assertThat(task("t1").getAttempt()).isEqualTo(1);
        assertThat(other.started()).containsExactly("marker");
    }

    @Test
    void anUnconfirmedStartWhoseWorkerReportsIdleCountsAsAnAttempt() throws Exception {
        TestPushWorker lost =
                workers.join("a-lost").startWorkDelay(SLOW_REPLY_MILLIS).acceptWork(false);
        schedule("t1");
        awaitPaused("a-lost");
        assertThat(task("t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_RUNNING);

        await().atMost(WAIT).until(() -> {
            lost.heartbeat(HeartbeatStatus.HEARTBEAT_STATUS_IDLE);
            return task("t1").getAttempt() == 2;
        });
        assertThat(task("t1").getError())
                .contains("a-lost")
                .contains("reported idle")
                .contains("attempt 1 of 3");
    }

    private void awaitPaused(String memberId) {
        await().atMost(WAIT)
                .until(() -> leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                        .anyMatch(
                                m -> m.getId().equals(memberId) && m.getStatus().contains("paused")));
    }

    private void schedule(String id) {
        leader.scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("work " + id))
                        .build());
    }

    private Task task(String id) {
        return leader.scheduler()
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }
}
