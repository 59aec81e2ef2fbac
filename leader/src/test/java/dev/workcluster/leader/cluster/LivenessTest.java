package dev.workcluster.leader.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderWithPushWorkers;
import dev.workcluster.leader.testing.TestPushWorker;
import dev.workcluster.proto.cluster.v1.HeartbeatStatus;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Heartbeat deadlines, expiry and requeue, and reads that stay prompt while workers are slow. */
class LivenessTest {
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final LeaderWithPushWorkers fixture = new LeaderWithPushWorkers(c -> c.withHeartbeatTimeout(HEARTBEAT_TIMEOUT));

    TestPushWorker worker(String id) throws Exception {
        return fixture.join(id);
    }

    Task task(String id) {
        return fixture.leader()
                .scheduler()
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }

    Member member(String id) {
        return fixture.leader().cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                .filter(m -> m.getId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    void schedule(String id) {
        fixture.leader()
                .scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("p"))
                        .build());
    }

    @Test
    void aWorkerThatStopsHeartbeatingHasItsTaskRequeuedAndFinishedByAnother() throws Exception {
        long lastSign = System.nanoTime(); // its Join, sent after this instant, is its last sign of life
        TestPushWorker silent = worker("a-silent");
        schedule("t1");
        await().atMost(WAIT).until(() -> silent.running().contains("t1"));
        TestPushWorker healthy = worker("b-healthy").heartbeatEvery(200);

        await().atMost(WAIT).until(() -> healthy.running().contains("t1"));
        long requeuedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSign);
        assertThat(requeuedAfter)
                .as("never expired before the timeout")
                .isGreaterThanOrEqualTo(HEARTBEAT_TIMEOUT.toMillis());
        assertThat(member("a-silent").getStatus()).isEqualTo("expired");
        assertThat(task("t1").getAttempt()).isEqualTo(2);
        assertThat(task("t1").getWorkerId()).isEqualTo("b-healthy");

        healthy.complete("t1");
        assertThat(task("t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
        silent.complete("t1"); // a late report from the expired attempt changes nothing
        assertThat(task("t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
    }

    @Test
    void regularHeartbeatsKeepAMemberAliveWellPastTheTimeout() throws Exception {
        TestPushWorker w = worker("steady").heartbeatEvery(200);
        long start = System.nanoTime();
        await().atMost(WAIT)
                .until(() -> System.nanoTime() - start > 3 * HEARTBEAT_TIMEOUT.toNanos()
                        || member("steady").getStatus().equals("expired"));
        assertThat(member("steady").getStatus()).isEqualTo("alive, idle");
        assertThat(member("steady").hasLastHeartbeatAt()).isTrue();
        w.stopHeartbeats();
        await().atMost(WAIT).until(() -> member("steady").getStatus().equals("expired"));
    }

    @Test
    void anExpiredMemberThatHeartbeatsAgainIsRevived() throws Exception {
        TestPushWorker w = worker("sleepy");
        await().atMost(WAIT).until(() -> member("sleepy").getStatus().equals("expired"));
        w.heartbeat(HeartbeatStatus.HEARTBEAT_STATUS_IDLE);
        assertThat(member("sleepy").getStatus()).isEqualTo("alive, idle");
        w.heartbeatEvery(200);
        schedule("t1");
        await().atMost(WAIT).until(() -> w.running().contains("t1"));
    }

    @Test
    void aLeavingWorkersTaskIsRequeuedAtOnce() throws Exception {
        TestPushWorker leaving = worker("a-leaving");
        schedule("t1");
        await().atMost(WAIT).until(() -> leaving.running().contains("t1"));
        TestPushWorker other = worker("b-other").heartbeatEvery(200);

        leaving.leave();

        await().atMost(WAIT).until(() -> other.running().contains("t1"));
        assertThat(task("t1").getAttempt()).isEqualTo(2);
        assertThat(fixture.leader()
                        .cluster()
                        .members(MembersRequest.getDefaultInstance())
                        .getMembersList())
                .extracting(Member::getId)
                .containsExactly("b-other");
    }

    @Test
    void readsAnswerPromptlyWhileWorkersAreSlowToAcceptWork() throws Exception {
        for (int i = 0; i < 3; i++) {
            worker("slow-" + i).startWorkDelay(3_000).heartbeatEvery(200);
        }
        for (int i = 0; i < 20; i++) {
            schedule("t" + i);
        }
        await().atMost(WAIT)
                .until(() -> fixture.leader()
                                .scheduler()
                                .getTasks(GetTasksRequest.newBuilder()
                                        .setStatus(TaskStatus.TASK_STATUS_RUNNING)
                                        .build())
                                .getTasksCount()
                        == 3);

        // The three StartWork calls are still outstanding: the reads must not wait for them.
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            var reads = fixture.leader().scheduler().withDeadlineAfter(1, TimeUnit.SECONDS);
            assertThat(reads.getTasks(GetTasksRequest.getDefaultInstance()).getTasksCount())
                    .isEqualTo(20);
            fixture.leader()
                    .cluster()
                    .withDeadlineAfter(1, TimeUnit.SECONDS)
                    .members(MembersRequest.getDefaultInstance());
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        }
        assertThat(fixture.workers().all()).allMatch(w -> w.started().isEmpty(), "StartWork still in flight");
    }
}
