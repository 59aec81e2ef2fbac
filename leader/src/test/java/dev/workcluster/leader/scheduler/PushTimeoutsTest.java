package dev.workcluster.leader.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.workcluster.leader.testing.LeaderWithPushWorkers;
import dev.workcluster.leader.testing.TestPushWorker;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Timeouts and delays decided by a real leader's clock, run on seed push-mode workers: a run past its limit is
 * stopped with StopWork and retried, a task no worker starts in time ends in ERROR, a delayed task waits SCHEDULED,
 * and the leader's default start_to_close reaches tasks that set none.
 */
class PushTimeoutsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final LeaderWithPushWorkers fixture =
            new LeaderWithPushWorkers(c -> c.withDefaultTaskTimeout(Duration.ofMinutes(7)));

    Task schedule(Task.Builder task) {
        return fixture.leader()
                .scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(task.setPayload("work"))
                        .build())
                .getTask();
    }

    Task task(String id) {
        return fixture.leader()
                .scheduler()
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }

    @Test
    void aRunPastItsLimitIsStoppedWithStopWorkRetriedAndEndsInErrorWhenAttemptsRunOut() throws Exception {
        TestPushWorker worker = fixture.join("w1");

        schedule(Task.newBuilder().setId("slow").setMaxAttempts(2).setStartToClose(Durations.fromMillis(300)));

        await().atMost(WAIT).until(() -> task("slow").getStatus() == TaskStatus.TASK_STATUS_ERROR);
        Task slow = task("slow");
        assertThat(slow.getError()).isEqualTo("timed out after 300ms (attempt 2 of 2)");
        assertThat(worker.started()).containsExactly("slow", "slow");
        await().atMost(WAIT).until(() -> worker.stopped().size() == 2);
        assertThat(worker.running()).isEmpty();
        long ran = Timestamps.toMillis(slow.getFinishedAt()) - Timestamps.toMillis(slow.getStartedAt());
        assertThat(ran).as("the last run lasted its limit").isGreaterThanOrEqualTo(300);
    }

    @Test
    void aTaskNoWorkerStartsInTimeEndsInError() {
        schedule(Task.newBuilder().setId("orphan").setScheduleToStart(Durations.fromMillis(200)));

        await().atMost(WAIT).until(() -> task("orphan").getStatus() == TaskStatus.TASK_STATUS_ERROR);

        Task orphan = task("orphan");
        assertThat(orphan.getError()).isEqualTo("not started within 200ms");
        assertThat(orphan.getAttempt()).isEqualTo(1);
        assertThat(orphan.getWorkerId()).isEmpty();
    }

    @Test
    void aDelayedTaskWaitsScheduledThenRunsAfterItsTime() throws Exception {
        TestPushWorker worker = fixture.join("w1");

        Task stored = schedule(Task.newBuilder().setId("later").setDelay(Durations.fromMillis(800)));

        assertThat(stored.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_SCHEDULED);
        assertThat(fixture.leader()
                        .cluster()
                        .getStatus(GetStatusRequest.getDefaultInstance())
                        .getTasks()
                        .getScheduled())
                .isEqualTo(1);
        assertThat(worker.started()).isEmpty();
        await().atMost(WAIT).until(() -> worker.started().contains("later"));
        Task later = task("later");
        assertThat(Timestamps.toMillis(later.getStartedAt()))
                .isGreaterThanOrEqualTo(Timestamps.toMillis(stored.getRunAt()));
    }

    @Test
    void aScheduledTaskCanBeCancelledAndNeverRuns() throws Exception {
        TestPushWorker worker = fixture.join("w1");
        schedule(Task.newBuilder().setId("never").setDelay(Durations.fromMillis(500)));

        Task cancelled = fixture.leader()
                .scheduler()
                .cancelTask(CancelTaskRequest.newBuilder().setId("never").build())
                .getTask();

        assertThat(cancelled.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
        schedule(Task.newBuilder().setId("after-it").setDelay(Durations.fromMillis(700)));
        await().atMost(WAIT).until(() -> worker.started().contains("after-it"));
        assertThat(worker.started()).containsExactly("after-it");
    }

    @Test
    void theLeadersDefaultTimeoutReachesTasksThatSetNone() {
        Task plain = schedule(Task.newBuilder().setId("plain"));
        Task own = schedule(Task.newBuilder().setId("own").setStartToClose(Durations.fromSeconds(5)));

        assertThat(plain.getStartToClose()).isEqualTo(Durations.fromMinutes(7));
        assertThat(own.getStartToClose()).isEqualTo(Durations.fromSeconds(5));
    }
}
