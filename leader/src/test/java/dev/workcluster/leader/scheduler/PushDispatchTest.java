package dev.workcluster.leader.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderWithPushWorkers;
import dev.workcluster.leader.testing.TestPushWorker;
import dev.workcluster.proto.cluster.v1.HeartbeatStatus;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Event-driven dispatch to seed push-mode workers, against a real leader on loopback. */
class PushDispatchTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final LeaderWithPushWorkers fixture = new LeaderWithPushWorkers();

    TestPushWorker worker(String id) throws Exception {
        return fixture.join(id);
    }

    void schedule(String id, TaskPriority priority) {
        fixture.leader()
                .scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder()
                                .setId(id)
                                .setPayload("work " + id)
                                .setPriority(priority))
                        .build());
    }

    Task task(String id) {
        return fixture.leader()
                .scheduler()
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }

    long count(TaskStatus status) {
        return fixture.leader()
                .scheduler()
                .getTasks(GetTasksRequest.newBuilder().setStatus(status).build())
                .getTasksCount();
    }

    @Test
    void threeIdleWorkersAndSixTasksRunThreeAtOnceOnePerWorker() throws Exception {
        List<TestPushWorker> three = List.of(worker("w1"), worker("w2"), worker("w3"));
        for (int i = 1; i <= 6; i++) {
            schedule("t" + i, TaskPriority.TASK_PRIORITY_MEDIUM);
        }

        await().atMost(WAIT)
                .until(() -> three.stream().allMatch(w -> w.running().size() == 1));
        assertThat(count(TaskStatus.TASK_STATUS_RUNNING)).isEqualTo(3);
        assertThat(count(TaskStatus.TASK_STATUS_PENDING)).isEqualTo(3);

        // A freed slot is refilled at once, by the oldest pending task, on the worker that freed it.
        TestPushWorker w1 = three.get(0);
        String first = w1.running().iterator().next();
        w1.complete(first);
        await().atMost(WAIT).until(() -> w1.started().size() == 2);
        assertThat(task(first).getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
        assertThat(w1.started().get(1)).isEqualTo("t4");
    }

    @Test
    void higherPriorityStartsFirstAndEqualPriorityOldestFirst() throws Exception {
        schedule("low", TaskPriority.TASK_PRIORITY_LOW);
        schedule("unspecified", TaskPriority.TASK_PRIORITY_UNSPECIFIED);
        schedule("medium", TaskPriority.TASK_PRIORITY_MEDIUM);
        schedule("high-1", TaskPriority.TASK_PRIORITY_HIGH);
        schedule("high-2", TaskPriority.TASK_PRIORITY_HIGH);
        TestPushWorker w = worker("solo");

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int expected = i + 1;
            await().atMost(WAIT).until(() -> w.started().size() == expected);
            String current = w.started().get(i);
            order.add(current);
            w.complete(current);
        }
        assertThat(order).containsExactly("high-1", "high-2", "medium", "low", "unspecified");
    }

    @Test
    void cancellingARunningTaskSendsStopWorkToItsWorker() throws Exception {
        TestPushWorker w = worker("w1");
        schedule("t1", TaskPriority.TASK_PRIORITY_HIGH);
        await().atMost(WAIT).until(() -> w.running().contains("t1"));

        Task cancelled = fixture.leader()
                .scheduler()
                .cancelTask(CancelTaskRequest.newBuilder().setId("t1").build())
                .getTask();

        assertThat(cancelled.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
        await().atMost(WAIT).until(() -> w.stopped().contains("t1"));
        w.complete("t1"); // the late completion changes nothing
        assertThat(task("t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
    }

    @Test
    void aWorkerThatRefusesStartWorkIsSkippedUntilItReportsIdle() throws Exception {
        TestPushWorker refusing = worker("a-refuses").acceptWork(false);
        schedule("t1", TaskPriority.TASK_PRIORITY_HIGH);
        await().atMost(WAIT)
                .until(() -> fixture.leader()
                        .cluster()
                        .members(dev.workcluster.proto.cluster.v1.MembersRequest.getDefaultInstance())
                        .getMembers(0)
                        .getStatus()
                        .contains("paused"));
        assertThat(task("t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_PENDING);
        assertThat(task("t1").getAttempt())
                .as("a refused start is not an attempt")
                .isEqualTo(1);

        TestPushWorker willing = worker("b-accepts");
        await().atMost(WAIT).until(() -> willing.running().contains("t1"));

        refusing.acceptWork(true).heartbeat(HeartbeatStatus.HEARTBEAT_STATUS_IDLE);
        schedule("t2", TaskPriority.TASK_PRIORITY_HIGH);
        await().atMost(WAIT).until(() -> refusing.running().contains("t2"));
    }

    @Test
    void aFailedAttemptIsRetriedUntilMaxAttemptsThenError() throws Exception {
        TestPushWorker w = worker("w1");
        fixture.leader()
                .scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(
                                Task.newBuilder().setId("flaky").setPayload("p").setMaxAttempts(2))
                        .build());
        await().atMost(WAIT).until(() -> w.running().contains("flaky"));
        w.fail("flaky", "boom 1");
        await().atMost(WAIT).until(() -> w.started().size() == 2);
        assertThat(task("flaky").getAttempt()).isEqualTo(2);
        w.fail("flaky", "boom 2");

        await().atMost(WAIT).until(() -> task("flaky").getStatus() == TaskStatus.TASK_STATUS_ERROR);
        assertThat(task("flaky").getError()).isEqualTo("boom 2");
    }
}
