package dev.workcluster.worker;

import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.HAND_BACK;
import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.HEARTBEAT;
import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.HELLO;
import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.OUTCOME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.worker.testing.ScriptedSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session protocol as one scripted leader sees it: Hello, heartbeats, tasks, outcomes, stops. */
class StreamSessionTest extends OneScriptedLeader {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private ScriptedSession welcomedSession(WorkerOptions options) {
        launch(options);
        await().atMost(WAIT)
                .until(() -> !leader.sessions().isEmpty()
                        && !leader.latest().received().isEmpty());
        return leader.latest();
    }

    private static List<TaskOutcome> outcomes(ScriptedSession session) {
        return session.received(OUTCOME).stream()
                .map(SessionRequest::getOutcome)
                .toList();
    }

    @Test
    void saysHelloWithItsIdentityThenHeartbeats() {
        ScriptedSession session = welcomedSession(TestWorkers.options("leader-a:1")
                .setSlots(3)
                .setLabels(Map.of("zone", "eu-1"))
                .setQueues("emails", "reports")
                .build());

        await().atMost(WAIT).until(() -> session.received(HEARTBEAT).size() >= 2);
        SessionRequest first = session.received().get(0);
        assertThat(first.getKindCase()).isEqualTo(HELLO);
        Hello hello = first.getHello();
        assertThat(hello.getWorkerId()).isEqualTo("w-1");
        assertThat(hello.getSlots()).isEqualTo(3);
        assertThat(hello.getLabelsMap()).containsExactly(Map.entry("zone", "eu-1"));
        assertThat(hello.getQueuesList()).containsExactly("emails", "reports");
        assertThat(hello.getHeartbeatIntervalMs()).isEqualTo(50);
        assertThat(hello.getLibraryVersion())
                .isNotBlank()
                .isNotEqualTo("unknown")
                .doesNotContain("${");
        assertThat(hello.getRunningList()).isEmpty();
        assertThat(hello.getInstanceId())
                .as("names the process, so a reconnect is told from a restart")
                .isNotBlank();
        assertThat(session.received(HEARTBEAT)).allMatch(h -> h.getHeartbeat().getRunning() == 0);
        assertThat(worker.id()).isEqualTo("w-1");
    }

    @Test
    void runsStartedTasksAndReportsResultsErrorsAndNonRetryableErrors() {
        ScriptedSession session =
                welcomedSession(TestWorkers.options("leader-a:1").setSlots(4).build());

        session.startTask("t-ok", "result:42", 1, 3);
        session.startTask("t-err", "error:disk full", 2, 3);
        session.startTask("t-fatal", "fatal:bad payload", 1, 3);

        await().atMost(WAIT).until(() -> outcomes(session).size() == 3);
        assertThat(outcomes(session))
                .containsExactlyInAnyOrder(
                        TaskOutcome.newBuilder()
                                .setTaskId("t-ok")
                                .setAttempt(1)
                                .setResult("42")
                                .build(),
                        TaskOutcome.newBuilder()
                                .setTaskId("t-err")
                                .setAttempt(2)
                                .setError("java.lang.IllegalStateException: disk full")
                                .build(),
                        TaskOutcome.newBuilder()
                                .setTaskId("t-fatal")
                                .setAttempt(1)
                                .setError("bad payload")
                                .setNonRetryable(true)
                                .build());
    }

    @Test
    void heartbeatsCountRunningTasks() {
        ScriptedSession session =
                welcomedSession(TestWorkers.options("leader-a:1").build());
        session.startTask("t", "block", 1, 1);
        await().atMost(WAIT)
                .until(() -> session.received(HEARTBEAT).stream()
                        .anyMatch(h -> h.getHeartbeat().getRunning() == 1));
        assertThat(worker.runningTasks()).isEqualTo(1);
        handler.release("t");
        await().atMost(WAIT).until(() -> worker.runningTasks() == 0);
    }

    @Test
    void stopTaskInterruptsTheHandlerAndNoOutcomeIsReported() {
        ScriptedSession session =
                welcomedSession(TestWorkers.options("leader-a:1").build());
        session.startTask("t", "block", 2, 3);
        await().atMost(WAIT).until(() -> handler.started.contains("t"));

        session.stopTask("t", 1);
        session.startTask("marker", "result:m", 1, 1);
        await().atMost(WAIT).until(() -> outcomes(session).size() == 1);
        assertThat(worker.runningTasks())
                .as("a stop for another attempt is ignored")
                .isEqualTo(1);

        session.stopTask("t", 2);
        await().atMost(WAIT).until(() -> worker.runningTasks() == 0);
        assertThat(handler.sawCancelled).containsExactly("t");
        session.startTask("marker-2", "result:m", 1, 1);
        await().atMost(WAIT).until(() -> outcomes(session).size() == 2);
        assertThat(outcomes(session)).extracting(TaskOutcome::getTaskId).containsExactly("marker", "marker-2");
    }

    @Test
    void handsBackAStartWhenEverySlotIsTaken() {
        ScriptedSession session =
                welcomedSession(TestWorkers.options("leader-a:1").setSlots(1).build());
        session.startTask("a", "block", 1, 1);
        await().atMost(WAIT).until(() -> handler.started.contains("a"));

        session.startTask("b", "result:b", 4, 5);

        await().atMost(WAIT).until(() -> !session.received(HAND_BACK).isEmpty());
        assertThat(session.received(HAND_BACK).get(0).getHandBack())
                .isEqualTo(TaskAttempt.newBuilder().setTaskId("b").setAttempt(4).build());
        assertThat(handler.started).containsExactly("a");
    }

    @Test
    void aRepeatedStartOfTheSameAttemptRunsItOnce() {
        ScriptedSession session =
                welcomedSession(TestWorkers.options("leader-a:1").build());
        session.startTask("a", "block", 1, 1);
        session.startTask("a", "block", 1, 1);
        session.startTask("marker", "result:m", 1, 1);
        await().atMost(WAIT).until(() -> outcomes(session).size() == 1);
        handler.release("a");
        await().atMost(WAIT).until(() -> outcomes(session).size() == 2);
        assertThat(handler.started).containsOnlyOnce("a");
        assertThat(session.received(HAND_BACK)).isEmpty();
    }

    @Test
    void acknowledgedOutcomesAreNotResent() {
        ScriptedSession session =
                welcomedSession(TestWorkers.options("leader-a:1").build());
        session.startTask("t", "result:x", 1, 1);
        await().atMost(WAIT).until(() -> outcomes(session).size() == 1);
        int heartbeats = session.received(HEARTBEAT).size();
        await().atMost(WAIT).until(() -> session.received(HEARTBEAT).size() >= heartbeats + 3);
        assertThat(outcomes(session)).hasSize(1);
    }

    @Test
    void heartbeatsReportWhatRunsAndWhichOutcomesWaitForAnAcknowledgement() {
        leader.autoAck(false);
        ScriptedSession session =
                welcomedSession(TestWorkers.options("leader-a:1").setSlots(2).build());
        session.startTask("running", "block", 1, 1);
        session.startTask("done", "result:d", 2, 3);

        await().atMost(WAIT)
                .until(() -> session.received(HEARTBEAT).stream()
                        .map(SessionRequest::getHeartbeat)
                        .anyMatch(h -> h.getReportsAttempts()
                                && h.getRunningAttemptsList().equals(List.of(attempt("running", 1)))
                                && h.getUnacknowledgedList().equals(List.of(attempt("done", 2)))));
        handler.release("running");
    }

    @Test
    void anOutcomeTheLeaderDoesNotAcknowledgeIsSentAgainOnTheSameSession() {
        leader.autoAck(false);
        ScriptedSession session =
                welcomedSession(TestWorkers.options("leader-a:1").build());
        session.startTask("done", "result:d", 1, 1);

        await().atMost(WAIT).until(() -> outcomes(session).size() >= 2);
        assertThat(outcomes(session)).extracting(TaskOutcome::getTaskId).containsOnly("done");
        assertThat(leader.sessions()).hasSize(1);
        assertThat(handler.started).containsExactly("done");
    }

    @Test
    void aStartSentAgainAfterItsOutcomeWasAcknowledgedDoesNotRunItAgain() {
        ScriptedSession session =
                welcomedSession(TestWorkers.options("leader-a:1").build());
        session.startTask("done", "result:d", 1, 1);
        await().atMost(WAIT).until(() -> outcomes(session).size() == 1);

        session.startTask("done", "result:d", 1, 1);
        session.startTask("marker", "result:m", 1, 1);

        await().atMost(WAIT).until(() -> outcomes(session).size() == 2);
        assertThat(outcomes(session)).extracting(TaskOutcome::getTaskId).containsExactly("done", "marker");
        assertThat(handler.started).containsExactly("done", "marker");
    }

    private static TaskAttempt attempt(String taskId, int attempt) {
        return TaskAttempt.newBuilder().setTaskId(taskId).setAttempt(attempt).build();
    }
}
