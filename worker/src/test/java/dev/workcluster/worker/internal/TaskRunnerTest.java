package dev.workcluster.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskRunnerTest {
    private final Map<AttemptKey, Outcome> outcomes = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private TaskRunner runner;

    private TaskRunner runner(int slots, TaskHandler handler) {
        runner = new TaskRunner(slots, handler, (task, outcome) -> outcomes.put(task.key(), outcome));
        return runner;
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        if (runner != null) {
            runner.close();
        }
    }

    private static AttemptKey key(String id) {
        return new AttemptKey(id, 1);
    }

    /** Handler whose behaviour depends on the payload. */
    private String byPayload(TaskContext context) throws Exception {
        return switch (context.payload()) {
            case "ok" -> "done " + context.taskId() + " attempt " + context.attempt() + "/" + context.maxAttempts();
            case "null" -> null;
            case "boom" -> throw new IllegalStateException("disk full");
            case "fatal" -> throw new NonRetryableTaskException("bad input", new RuntimeException("cause"));
            case "block" -> {
                release.await();
                yield "released";
            }
            default -> throw new AssertionError(context.payload());
        };
    }

    /**
     * Found by the chaos run: a start admitted just before the worker was frozen (SIGSTOP)
     * began its handler on SIGCONT, after the lease had run out and the task had completed
     * on another worker. The slot thread now asks first.
     */
    @Test
    void anAdmittedStartWhoseHandlerWouldBeginAfterTheLeaseEndedNeverRunsIt() {
        AtomicBoolean leaseHeld = new AtomicBoolean(false);
        AtomicBoolean handlerRan = new AtomicBoolean();
        runner = new TaskRunner(
                1,
                context -> {
                    handlerRan.set(true);
                    return "ran";
                },
                (task, outcome) -> outcomes.put(task.key(), outcome),
                leaseHeld::get);

        assertThat(runner.tryStart(key("a"), "ok", 3)).isEqualTo(TaskRunner.Admission.STARTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.occupied() == 0);
        assertThat(handlerRan).isFalse();
        assertThat(outcomes).isEmpty();

        leaseHeld.set(true);
        runner.tryStart(key("b"), "ok", 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.containsKey(key("b")));
        assertThat(handlerRan).isTrue();
    }

    @Test
    void mapsReturnValuesAndExceptionsToOutcomes() {
        runner(4, this::byPayload);
        runner.tryStart(key("a"), "ok", 3);
        runner.tryStart(key("b"), "null", 3);
        runner.tryStart(key("c"), "boom", 3);
        runner.tryStart(key("d"), "fatal", 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 4);
        assertThat(outcomes.get(key("a"))).isEqualTo(Outcome.success("done a attempt 1/3"));
        assertThat(outcomes.get(key("b"))).isEqualTo(new Outcome("", null, false));
        assertThat(outcomes.get(key("c")))
                .isEqualTo(Outcome.failure("java.lang.IllegalStateException: disk full", false));
        assertThat(outcomes.get(key("d"))).isEqualTo(Outcome.failure("bad input", true));
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.occupied() == 0);
    }

    @Test
    void stopInterruptsTheHandlerWhichEndsWithin100msAndReportsNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicLong endedAt = new AtomicLong();
        AtomicBoolean sawCancelled = new AtomicBoolean();
        runner(1, context -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS); // blocks like a long handler until interrupted
                return "slept";
            } finally {
                sawCancelled.set(context.isCancelled());
                endedAt.set(System.nanoTime());
            }
        });
        runner.tryStart(key("t"), "p", 1);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        long stoppedAt = System.nanoTime();
        assertThat(runner.stop(key("t"))).isTrue();

        await().atMost(Duration.ofSeconds(2)).until(() -> endedAt.get() != 0);
        assertThat(Duration.ofNanos(endedAt.get() - stoppedAt)).isLessThan(Duration.ofMillis(100));
        assertThat(sawCancelled).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> runner.occupied() == 0);
        assertThat(outcomes).isEmpty();
        assertThat(runner.stop(key("t"))).as("stopping an ended attempt").isFalse();
    }

    @Test
    void pollingHandlerSeesCancellationAndItsReturnValueIsNotReported() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicLong endedAt = new AtomicLong();
        runner(1, context -> {
            started.countDown();
            while (!context.isCancelled()) {
                Thread.onSpinWait();
            }
            endedAt.set(System.nanoTime());
            return "finished anyway";
        });
        runner.tryStart(key("t"), "p", 1);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        long stoppedAt = System.nanoTime();
        runner.stop(key("t"));
        await().atMost(Duration.ofSeconds(2)).until(() -> runner.occupied() == 0);
        assertThat(Duration.ofNanos(endedAt.get() - stoppedAt)).isLessThan(Duration.ofMillis(100));
        assertThat(outcomes).isEmpty();
    }

    @Test
    void throwIfCancelledThrowsOnlyAfterCancellation() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean threwBefore = new AtomicBoolean();
        AtomicLong endedAt = new AtomicLong();
        runner(1, context -> {
            try {
                context.throwIfCancelled();
            } catch (RuntimeException e) {
                threwBefore.set(true);
            }
            started.countDown();
            try {
                while (true) {
                    context.throwIfCancelled();
                    Thread.onSpinWait();
                }
            } finally {
                endedAt.set(System.nanoTime());
            }
        });
        runner.tryStart(key("t"), "p", 1);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        long stoppedAt = System.nanoTime();
        runner.stop(key("t"));
        await().atMost(Duration.ofSeconds(2)).until(() -> runner.occupied() == 0);
        assertThat(Duration.ofNanos(endedAt.get() - stoppedAt)).isLessThan(Duration.ofMillis(100));
        assertThat(threwBefore).isFalse();
        assertThat(outcomes).isEmpty();
    }

    @Test
    void fullSlotsRefuseDuplicatesAreRecognisedAndAnotherAttemptIsADifferentTask() {
        runner(2, this::byPayload);
        assertThat(runner.tryStart(key("a"), "block", 1)).isEqualTo(TaskRunner.Admission.STARTED);
        assertThat(runner.tryStart(key("a"), "block", 1)).isEqualTo(TaskRunner.Admission.DUPLICATE);
        assertThat(runner.tryStart(new AttemptKey("a", 2), "block", 1)).isEqualTo(TaskRunner.Admission.STARTED);
        assertThat(runner.tryStart(key("b"), "block", 1)).isEqualTo(TaskRunner.Admission.NO_FREE_SLOT);
        assertThat(runner.occupied()).isEqualTo(2);
        assertThat(runner.activeAttempts()).containsExactly(key("a"), new AttemptKey("a", 2));

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 2);
        assertThat(runner.tryStart(key("b"), "ok", 1)).isEqualTo(TaskRunner.Admission.STARTED);
    }

    @Test
    void drainingRefusesNewWorkAndHandBackCancelsWithoutReporting() throws Exception {
        runner(2, this::byPayload);
        runner.tryStart(key("a"), "block", 1);
        runner.drain();
        assertThat(runner.tryStart(key("b"), "ok", 1)).isEqualTo(TaskRunner.Admission.DRAINING);
        assertThat(runner.awaitIdle(Duration.ofMillis(50))).isFalse();

        List<RunningTask> handedBack = runner.handBackAll();

        assertThat(handedBack).extracting(RunningTask::key).containsExactly(key("a"));
        assertThat(handedBack.get(0).state()).isEqualTo(RunningTask.State.HANDED_BACK);
        assertThat(runner.activeAttempts()).isEmpty();
        assertThat(runner.awaitIdle(Duration.ofSeconds(2))).isTrue();
        assertThat(outcomes).isEmpty();
        assertThat(runner.handBackAll()).isEmpty();
    }

    @Test
    void stopTaskFindsAnyAttemptOfTheTask() {
        runner(1, this::byPayload);
        runner.tryStart(new AttemptKey("x", 0), "block", 0);
        assertThat(runner.stopTask("y")).isFalse();
        assertThat(runner.stopTask("x")).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> runner.occupied() == 0);
        assertThat(outcomes).isEmpty();
    }

    @Test
    void aStoppedTasksInterruptDoesNotLeakIntoTheNextTaskOnTheSameThread() throws Exception {
        AtomicBoolean interruptedAtStart = new AtomicBoolean(true);
        runner(1, context -> {
            if (context.taskId().equals("first")) {
                context.throwIfCancelled();
                release.await();
                return "first";
            }
            interruptedAtStart.set(Thread.currentThread().isInterrupted());
            return "second";
        });
        runner.tryStart(key("first"), "p", 1);
        await().atMost(Duration.ofSeconds(2)).until(() -> runner.occupied() == 1);
        runner.stop(key("first"));
        await().atMost(Duration.ofSeconds(2)).until(() -> runner.occupied() == 0);
        runner.tryStart(key("second"), "p", 1);
        await().atMost(Duration.ofSeconds(2)).until(() -> outcomes.containsKey(key("second")));
        assertThat(interruptedAtStart).isFalse();
    }
}
