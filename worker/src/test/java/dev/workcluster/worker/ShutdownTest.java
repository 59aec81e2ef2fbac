package dev.workcluster.worker;

import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.DRAIN;
import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.GOODBYE;
import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.HAND_BACK;
import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.HEARTBEAT;
import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.HELLO;
import static dev.workcluster.proto.cluster.v1.SessionRequest.KindCase.OUTCOME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.worker.testing.ScriptedSession;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful drain: Drain, let tasks finish within the grace, hand back the rest, Goodbye, close. */
class ShutdownTest extends OneScriptedLeader {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private ScriptedSession startWorker(WorkerOptions options) {
        launch(options);
        await().atMost(WAIT)
                .until(() -> !leader.sessions().isEmpty()
                        && !leader.latest().received(HEARTBEAT).isEmpty());
        return leader.latest();
    }

    private static TaskAttempt attempt(String taskId, int attempt) {
        return TaskAttempt.newBuilder().setTaskId(taskId).setAttempt(attempt).build();
    }

    @Test
    void drainsLetsTasksFinishHandsBackTheRestThenSaysGoodbye() throws Exception {
        ScriptedSession session =
                startWorker(TestWorkers.options("leader-a:1").setSlots(3).build());
        session.startTask("quick", "block", 1, 3);
        session.startTask("stuck", "block", 2, 3);
        await().atMost(WAIT).until(() -> handler.started.size() == 2);

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> worker.shutdown(Duration.ofSeconds(1)));

        await().atMost(WAIT).until(() -> !session.received(DRAIN).isEmpty());
        assertThat(shutdown).isNotDone();
        handler.release("quick");
        await().atMost(WAIT).until(() -> !session.received(OUTCOME).isEmpty());
        session.startTask("late", "result:never", 1, 3);
        await().atMost(WAIT).until(() -> !session.received(HAND_BACK).isEmpty());
        assertThat(session.received(HAND_BACK).get(0).getHandBack()).isEqualTo(attempt("late", 1));

        shutdown.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(session.kindsWithoutHeartbeats())
                .containsExactly(HELLO, DRAIN, OUTCOME, HAND_BACK, HAND_BACK, GOODBYE);
        assertThat(session.received(OUTCOME).get(0).getOutcome().getTaskId()).isEqualTo("quick");
        assertThat(session.received(HAND_BACK))
                .extracting(SessionRequest::getHandBack)
                .containsExactly(attempt("late", 1), attempt("stuck", 2));
        assertThat(session.workerHalfClosed()).isTrue();
        assertThat(handler.sawCancelled).containsExactly("stuck");
        assertThat(handler.started).containsExactlyInAnyOrder("quick", "stuck");
        assertThat(worker.runningTasks()).isZero();
    }

    @Test
    void tasksThatFinishWithinTheGraceAreReportedAndNothingIsHandedBack() throws Exception {
        ScriptedSession session = startWorker(TestWorkers.options("leader-a:1").build());
        session.startTask("a", "block", 1, 1);
        await().atMost(WAIT).until(() -> handler.started.contains("a"));
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> worker.shutdown(Duration.ofSeconds(30)));
        await().atMost(WAIT).until(() -> !session.received(DRAIN).isEmpty());

        handler.release("a");
        shutdown.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(session.kindsWithoutHeartbeats()).containsExactly(HELLO, DRAIN, OUTCOME, GOODBYE);
        assertThat(handler.interrupted).isEmpty();
    }

    @Test
    void shutdownIsIdempotentAndConcurrentCallersWaitForTheFirst() throws Exception {
        ScriptedSession session = startWorker(TestWorkers.options("leader-a:1").build());
        session.startTask("a", "block", 1, 1);
        await().atMost(WAIT).until(() -> handler.started.contains("a"));

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> worker.shutdown(Duration.ofSeconds(30)));
        await().atMost(WAIT).until(() -> !session.received(DRAIN).isEmpty());
        CompletableFuture<Void> second = CompletableFuture.runAsync(worker::close);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                worker.awaitTermination();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !second.isDone() && !waiter.isDone());

        handler.release("a");
        CompletableFuture.allOf(first, second, waiter).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        worker.shutdown(Duration.ZERO);

        assertThat(session.received(DRAIN)).hasSize(1);
        assertThat(session.received(GOODBYE)).hasSize(1);
    }

    @Test
    void shutdownWithoutAnyReachableLeaderStillEndsPromptly() {
        worker = TestWorkers.start(TestWorkers.options("dead:1").build(), handler);
        long started = System.nanoTime();
        worker.shutdown(Duration.ofMillis(100));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void shutdownHookIsOfferedOnceAndRemovedByAnExplicitShutdown() {
        startWorker(TestWorkers.options("leader-a:1").build());
        Thread hook = worker.installShutdownHook();
        assertThat(worker.installShutdownHook()).isSameAs(hook);

        worker.close();

        assertThat(Runtime.getRuntime().removeShutdownHook(hook))
                .as("already removed")
                .isFalse();
    }

    @Test
    void rejectsANegativeGrace() {
        startWorker(TestWorkers.options("leader-a:1").build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> worker.shutdown(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grace must not be negative, got PT-1S");
    }
}
