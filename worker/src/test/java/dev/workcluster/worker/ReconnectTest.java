package dev.workcluster.worker;

import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.HEARTBEAT;
import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.HELLO;
import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.OUTCOME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.proto.cluster.v1.Welcome;
import dev.workcluster.worker.testing.ScriptedHandler;
import dev.workcluster.worker.testing.ScriptedLeader;
import dev.workcluster.worker.testing.ScriptedSession;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Breaks, redirects and failover: the worker keeps a session up by itself and loses no outcome. */
class ReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofMillis(300);
    private final ScriptedHandler handler = new ScriptedHandler();
    private final List<ScriptedLeader> leaders = new ArrayList<>();
    private Worker worker;

    @AfterEach
    void stop() throws InterruptedException {
        handler.releaseAll();
        if (worker != null) {
            worker.shutdown(Duration.ZERO);
        }
        for (ScriptedLeader leader : leaders) {
            leader.close();
        }
    }

    private ScriptedLeader leader(String address) {
        ScriptedLeader leader = ScriptedLeader.inProcess(address);
        leaders.add(leader);
        return leader;
    }

    private static boolean welcomedSessions(ScriptedLeader leader, int count) {
        return leader.sessions().size() >= count
                && !leader.session(count - 1).received(HEARTBEAT).isEmpty();
    }

    private static List<TaskAttempt> helloRunning(ScriptedSession session) {
        return session.received(HELLO).get(0).getHello().getRunningList();
    }

    private static List<TaskOutcome> outcomes(ScriptedSession session) {
        return session.received(OUTCOME).stream()
                .map(SessionRequest::getOutcome)
                .toList();
    }

    private static TaskAttempt attempt(String taskId, int attempt) {
        return TaskAttempt.newBuilder().setTaskId(taskId).setAttempt(attempt).build();
    }

    @Test
    void unacknowledgedOutcomeIsListedInHelloAndResentAfterReconnectUntilAcked() {
        ScriptedLeader leader = leader("leader-a:1").autoAck(false);
        worker = TestWorkers.start(TestWorkers.options("leader-a:1").build(), handler);
        await().atMost(WAIT).until(() -> welcomedSessions(leader, 1));
        leader.session(0).startTask("t", "result:x", 3, 5);
        await().atMost(WAIT).until(() -> outcomes(leader.session(0)).size() == 1);

        leader.session(0).fail(Status.UNAVAILABLE.withDescription("leader restarting"));

        await().atMost(WAIT)
                .until(() -> outcomes(leader.sessions().get(leader.sessions().size() - 1))
                                .size()
                        == 1);
        ScriptedSession second = leader.latest();
        assertThat(leader.sessions()).hasSize(2);
        assertThat(helloRunning(second)).containsExactly(attempt("t", 3));
        assertThat(outcomes(second).get(0))
                .isEqualTo(outcomes(leader.session(0)).get(0));

        second.ack("t", 3);
        await().atMost(WAIT).until(() -> !second.received(HEARTBEAT).isEmpty());
        second.complete();
        await().atMost(WAIT).until(() -> welcomedSessions(leader, 3));
        ScriptedSession third = leader.latest();
        await().atMost(WAIT).until(() -> third.received(HEARTBEAT).size() >= 3);
        assertThat(helloRunning(third)).isEmpty();
        assertThat(outcomes(third)).isEmpty();
    }

    @Test
    void aRunningHandlerSurvivesTheBreakAndReportsOnTheNewSession() {
        ScriptedLeader leader = leader("leader-a:1");
        worker = TestWorkers.start(TestWorkers.options("leader-a:1").build(), handler);
        await().atMost(WAIT).until(() -> welcomedSessions(leader, 1));
        leader.session(0).startTask("long", "block", 1, 3);
        await().atMost(WAIT).until(() -> handler.started.contains("long"));

        leader.session(0).fail(Status.UNAVAILABLE);
        await().atMost(WAIT).until(() -> welcomedSessions(leader, 2));
        assertThat(helloRunning(leader.session(1))).containsExactly(attempt("long", 1));
        assertThat(worker.runningTasks()).isEqualTo(1);

        handler.release("long");
        await().atMost(WAIT).until(() -> outcomes(leader.session(1)).size() == 1);
        assertThat(outcomes(leader.session(1)).get(0).getResult()).isEqualTo("released long");
        assertThat(outcomes(leader.session(0))).isEmpty();
        assertThat(handler.interrupted).isEmpty();
    }

    @Test
    void followsARedirectAtOnce() {
        ScriptedLeader follower = leader("follower:1").onHello((session, hello) -> session.redirect("leader-b:1"));
        ScriptedLeader real = leader("leader-b:1");
        // A backoff this long would make the test time out: the redirect must be followed without one.
        worker = TestWorkers.start(
                TestWorkers.options("follower:1")
                        .setReconnectBackoffInitial(Duration.ofMinutes(5))
                        .setReconnectBackoffMax(Duration.ofMinutes(5))
                        .build(),
                handler);

        await().atMost(WAIT).until(() -> welcomedSessions(real, 1));
        assertThat(follower.sessions()).hasSize(1);
        assertThat(real.session(0).received().get(0).getHello().getWorkerId()).isEqualTo("w-1");
    }

    @Test
    void anEmptyRedirectBacksOffAndTriesTheNextAddress() {
        ScriptedLeader follower = leader("follower:1").onHello((session, hello) -> session.redirect(""));
        ScriptedLeader other = leader("leader-b:1");
        worker = TestWorkers.start(
                TestWorkers.options("follower:1", "leader-b:1").build(), handler);

        await().atMost(WAIT).until(() -> welcomedSessions(other, 1));
        assertThat(follower.sessions()).hasSize(1);
    }

    @Test
    void failsOverPastALeaderThatIsDown() {
        ScriptedLeader alive = leader("leader-b:1");
        worker = TestWorkers.start(TestWorkers.options("dead:1", "leader-b:1").build(), handler);
        await().atMost(WAIT).until(() -> welcomedSessions(alive, 1));
    }

    @Test
    void redirectLoopsBackOffAfterAFewHops() {
        ScriptedLeader a = leader("ping:1").onHello((session, hello) -> session.redirect("pong:1"));
        ScriptedLeader b = leader("pong:1").onHello((session, hello) -> session.redirect("ping:1"));
        worker = TestWorkers.start(
                TestWorkers.options("ping:1")
                        .setReconnectBackoffInitial(Duration.ofMinutes(5))
                        .setReconnectBackoffMax(Duration.ofMinutes(5))
                        .build(),
                handler);

        await().atMost(WAIT).until(() -> a.sessions().size() + b.sessions().size() == 4);
        await().during(Duration.ofMillis(300))
                .atMost(WAIT)
                .until(() -> a.sessions().size() + b.sessions().size() == 4);
    }

    @Test
    void aLeaseRunningOutWhileAHelloAwaitsItsWelcomeKeepsThatHello() {
        // A Welcome with a live timeout grants a lease, then the session breaks: the lease runs
        // out while the next leader holds the Hello (as a new leader does while its Joins commit).
        ScriptedLeader first = leader("leader-a:1").onHello((session, hello) -> {
            session.send(SessionResponse.newBuilder()
                    .setWelcome(Welcome.newBuilder()
                            .setMemberId("w-1")
                            .setNodeId("a")
                            .setReconnectGraceMs(5000)
                            .setLiveTimeoutMs((int) LEASE.toMillis()))
                    .build());
            session.fail(Status.UNAVAILABLE.withDescription("leader killed"));
        });
        ScriptedLeader next = leader("leader-b:1").onHello((session, hello) -> {});
        worker = TestWorkers.start(
                TestWorkers.options("leader-a:1", "leader-b:1").build(), handler);
        await().atMost(WAIT).until(() -> next.sessions().size() == 1);

        // Well past the lease: the waiting Hello is neither cancelled nor sent again anywhere.
        await().during(LEASE.multipliedBy(4))
                .atMost(WAIT)
                .until(() -> next.sessions().size() == 1
                        && next.session(0).workerError() == null
                        && first.sessions().size() == 1);
        next.session(0).welcome();
        await().atMost(WAIT).until(() -> welcomedSessions(next, 1));
        assertThat(next.session(0).workerError()).isNull();
    }

    @Test
    void reconnectsWhenTheLeaderEndsTheStreamAndAfterTheLeaderRestarts() throws InterruptedException {
        ScriptedLeader first = leader("leader-a:1");
        worker = TestWorkers.start(TestWorkers.options("leader-a:1").build(), handler);
        await().atMost(WAIT).until(() -> welcomedSessions(first, 1));
        first.session(0).complete();
        await().atMost(WAIT).until(() -> welcomedSessions(first, 2));

        first.close();
        ScriptedLeader restarted = leader("leader-a:1");
        await().atMost(WAIT).until(() -> welcomedSessions(restarted, 1));
        restarted.latest().startTask("after-restart", "result:ok", 1, 1);
        await().atMost(WAIT).until(() -> outcomes(restarted.latest()).size() == 1);
    }
}
