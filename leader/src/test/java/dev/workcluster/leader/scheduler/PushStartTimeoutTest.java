package dev.workcluster.leader.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderWithPushWorkers;
import dev.workcluster.leader.testing.TestPushWorker;
import dev.workcluster.proto.cluster.v1.HeartbeatStatus;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seed push worker whose StartWork reply comes after the leader stopped waiting: the
 * worker may well have started the task, so the run stays its own (it never runs
 * elsewhere meanwhile) until it reports idle, and then it counts as a used attempt.
 */
class PushStartTimeoutTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(300);
    private static final long SLOW_REPLY_MILLIS = 1_500;

    @RegisterExtension
    final LeaderWithPushWorkers fixture = new LeaderWithPushWorkers(c -> c.withWorkerCallTimeout(CALL_TIMEOUT));

    @Test
    void aStartWhoseReplyTimedOutStaysWithItsWorkerAndRunsNowhereElse() throws Exception {
        TestPushWorker slow = fixture.join("a-slow").startWorkDelay(SLOW_REPLY_MILLIS);
        schedule("t1");
        awaitPaused("a-slow");

        TestPushWorker other = fixture.join("b-other");
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
                fixture.join("a-lost").startWorkDelay(SLOW_REPLY_MILLIS).acceptWork(false);
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
                .until(() ->
                        fixture
                                .leader()
                                .cluster()
                                .members(MembersRequest.getDefaultInstance())
                                .getMembersList()
                                .stream()
                                .anyMatch(m -> m.getId().equals(memberId)
                                        && m.getStatus().contains("paused")));
    }

    private void schedule(String id) {
        fixture.leader()
                .scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("work " + id))
                        .build());
    }

    private Task task(String id) {
        return fixture.leader()
                .scheduler()
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }
}
