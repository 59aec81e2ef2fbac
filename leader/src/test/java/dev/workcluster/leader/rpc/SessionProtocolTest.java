package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RawSession;
import dev.workcluster.proto.cluster.v1.Goodbye;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionHeartbeat;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.StartTask;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader's side of the session stream, driven message by message. */
class SessionProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SessionRequest HEARTBEAT = SessionRequest.newBuilder()
            .setHeartbeat(SessionHeartbeat.getDefaultInstance())
            .build();

    @TempDir
    Path dir;

    LeaderFixture leader;

    @BeforeEach
    void start() throws Exception {
        leader = LeaderFixture.start(dir, c -> c.withSessions(new SessionSettings(Duration.ofSeconds(3), 3, 1024)));
    }

    @AfterEach
    void stop() throws Exception {
        leader.close();
    }

    /** A session that never heartbeats: it expires after 3 × {@code heartbeatMillis}. */
    RawSession hello(String id, int heartbeatMillis, TaskAttempt... running) {
        return RawSession.welcomed(
                leader.channel(),
                Hello.newBuilder()
                        .setWorkerId(id)
                        .setSlots(1)
                        .setHeartbeatIntervalMs(heartbeatMillis)
                        .addAllRunning(java.util.List.of(running))
                        .build());
    }

    StartTask awaitStart(RawSession session) {
        await().atMost(WAIT).until(() -> session.received().stream().anyMatch(SessionResponse::hasStart));
        return session.received().stream()
                .filter(SessionResponse::hasStart)
                .findFirst()
                .orElseThrow()
                .getStart();
    }

    Task task(String id) {
        return leader.scheduler()
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }

    void schedule(String id) {
        leader.scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("p"))
                        .build());
    }

    @Test
    void aWorkerThatReconnectsWithinTheGraceKeepsItsTaskAndIsNotSentItAgain() throws Exception {
        RawSession first = hello("w1", 10_000);
        schedule("t1");
        StartTask start = awaitStart(first);
        first.cancel(); // the stream breaks; the worker process lives on

        await().atMost(WAIT)
                .until(() -> leader.cluster()
                        .members(MembersRequest.getDefaultInstance())
                        .getMembers(0)
                        .getStatus()
                        .contains("disconnected"));
        RawSession second = hello(
                "w1",
                10_000,
                TaskAttempt.newBuilder()
                        .setTaskId("t1")
                        .setAttempt(start.getAttempt())
                        .setAssignment(start.getAssignment())
                        .build());

        assertThat(task("t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_RUNNING);
        assertThat(task("t1").getAttempt()).isEqualTo(1);
        second.send(SessionRequest.newBuilder()
                .setOutcome(TaskOutcome.newBuilder()
                        .setTaskId("t1")
                        .setAttempt(start.getAttempt())
                        .setAssignment(start.getAssignment())
                        .setResult("ok"))
                .build());
        await().atMost(WAIT).until(() -> second.received().stream().anyMatch(SessionResponse::hasOutcomeAck));
        assertThat(task("t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
        assertThat(second.received()).noneMatch(SessionResponse::hasStart);
        second.cancel();
    }

    @Test
    void anOpenButSilentSessionExpiresAfterMissedHeartbeatsAndItsTaskIsRequeued() throws Exception {
        RawSession silent = hello("w1", 100);
        schedule("t1");
        awaitStart(silent);

        Status ended = silent.ended().get(10, TimeUnit.SECONDS); // 3 × 100 ms without a heartbeat

        assertThat(ended.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(ended.getDescription()).contains("expired");
        await().atMost(WAIT).until(() -> task("t1").getStatus() == TaskStatus.TASK_STATUS_PENDING);
        assertThat(task("t1").getAttempt()).isEqualTo(2);
    }

    @Test
    void aSessionWhoseWelcomeArrivedLateIsNotExpiredBeforeItsFirstHeartbeatCouldComeBack() throws Exception {
        RawSession session = hello("w1", 100); // 3 × 100 ms without a heartbeat is the plain timeout
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try {
            // As under a join storm: the Welcome took most of a second to arrive, and the
            // first heartbeat goes out one interval after that.
            beats.scheduleAtFixedRate(() -> session.send(HEARTBEAT), 800, 100, TimeUnit.MILLISECONDS);
            await().during(Duration.ofMillis(1_500))
                    .atMost(WAIT)
                    .until(() -> !session.ended().isDone());
            assertThat(leader.cluster()
                            .members(MembersRequest.getDefaultInstance())
                            .getMembers(0)
                            .getStatus())
                    .doesNotContain("expired");
        } finally {
            beats.shutdownNow();
        }
        long stopped = System.nanoTime();

        Status ended = session.ended().get(10, TimeUnit.SECONDS); // from the first heartbeat on, the plain timeout
        assertThat(ended.getDescription()).contains("expired");
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void goodbyeRemovesTheMemberAndEndsTheStreamNormally() throws Exception {
        RawSession session = hello("w1", 10_000);
        session.send(SessionRequest.newBuilder()
                .setGoodbye(Goodbye.getDefaultInstance())
                .build());

        assertThat(session.ended().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        assertThat(leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList())
                .isEmpty();
    }

    /** A half-close without a goodbye: the leader ends the stream too, and the member waits out its grace. */
    @Test
    void aWelcomedWorkerThatHalfClosesHasItsStreamEndedAndWaitsOutItsGrace() throws Exception {
        RawSession session = hello("w1", 10_000);
        session.halfClose();

        assertThat(session.ended().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        assertThat(leader.cluster()
                        .members(MembersRequest.getDefaultInstance())
                        .getMembers(0)
                        .getStatus())
                .contains("disconnected, awaiting reconnect");
    }

    @Test
    void anOutcomeForARunThatNoLongerExistsIsStillAcknowledged() {
        RawSession session = hello("w1", 10_000);
        schedule("t1");
        StartTask start = awaitStart(session);
        leader.scheduler()
                .cancelTask(dev.workcluster.proto.scheduler.v1.CancelTaskRequest.newBuilder()
                        .setId("t1")
                        .build());

        session.send(SessionRequest.newBuilder()
                .setOutcome(TaskOutcome.newBuilder()
                        .setTaskId("t1")
                        .setAttempt(start.getAttempt())
                        .setAssignment(start.getAssignment())
                        .setResult("too late"))
                .build());

        await().atMost(WAIT).until(() -> session.received().stream().anyMatch(SessionResponse::hasOutcomeAck));
        assertThat(session.received())
                .anyMatch(r -> r.hasStop() && r.getStop().getTaskId().equals("t1"));
        assertThat(task("t1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
        assertThat(task("t1").getResult()).isEmpty();
        session.cancel();
    }
}
