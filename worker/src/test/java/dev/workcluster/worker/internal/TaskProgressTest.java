package dev.workcluster.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.StartTask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handler's {@code heartbeat()}: reported for tasks with a heartbeat timeout only, a few times per timeout at
 * most however often it is called, and never once the attempt was stopped.
 */
class TaskProgressTest {
    private static final AttemptKey KEY = new AttemptKey("t", 1, 1);

    /** Each report's send time (nanoTime) and attempt. */
    private final List<Long> reportedAt = new CopyOnWriteArrayList<>();

    private final List<AttemptKey> reported = new CopyOnWriteArrayList<>();

    private TaskRunner runner;

    private void report(AttemptKey key) {
        reportedAt.add(System.nanoTime());
        reported.add(key);
    }

    @AfterEach
    void close() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void aTaskWithoutAHeartbeatTimeoutReportsNothing() {
        RunningTask task = new RunningTask(KEY, "p", 1, Duration.ZERO, this::report);

        for (int i = 0; i < 1_000; i++) {
            task.heartbeat();
        }

        assertThat(reported).isEmpty();
    }

    @Test
    void reportsComeAtOnceThenAtMostFourPerTimeout() {
        Duration timeout = Duration.ofMillis(400);
        RunningTask task = new RunningTask(KEY, "p", 1, timeout, this::report);

        task.heartbeat();
        assertThat(reported).as("the first report goes at once").containsExactly(KEY);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            task.heartbeat(); // a tight loop, as a handler may call it
            return reported.size() == 3;
        });

        long gap = TimeUnit.NANOSECONDS.toMillis(reportedAt.get(2) - reportedAt.get(1));
        assertThat(gap).as("milliseconds between reports").isGreaterThanOrEqualTo(timeout.toMillis() / 4);
    }

    @Test
    void aStoppedAttemptReportsNothing() {
        RunningTask task = new RunningTask(KEY, "p", 1, Duration.ofMillis(400), this::report);

        task.stop();
        task.heartbeat();

        assertThat(reported).isEmpty();
    }

    @Test
    void aStartWithAHeartbeatTimeoutLetsItsHandlerReport() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        runner = new TaskRunner(
                1,
                context -> {
                    context.heartbeat();
                    release.await();
                    return "done";
                },
                (task, outcome) -> {},
                () -> true,
                this::report);
        SessionTasks tasks = new SessionTasks(runner, new OutcomeBuffer());

        tasks.start(StartTask.newBuilder()
                .setTaskId("t")
                .setAttempt(1)
                .setAssignment(1)
                .setHeartbeatTimeoutMs(1_000)
                .build());

        await().atMost(Duration.ofSeconds(5)).until(() -> reported.contains(KEY));
        release.countDown();
    }
}
