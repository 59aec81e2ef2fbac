package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import dev.workcluster.cli.CliRun;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code schedule} / {@code add}, with and without {@code --wait}, against a real leader and worker. */
class ScheduleCommandTest {
    @RegisterExtension
    static final OneWorkerCluster cluster = new OneWorkerCluster("cli-schedule", 4);

    static Task parse(String json) throws Exception {
        Task.Builder task = Task.newBuilder();
        JsonFormat.parser().merge(json, task);
        return task.build();
    }

    @Test
    void printsTheGivenIdAndStoresEveryOption() {
        CliRun run = CliRun.of(
                "schedule",
                cluster.leaderFlag(),
                "--id",
                "given-1",
                "--priority",
                "HIGH",
                "--max-attempts",
                "5",
                "echo:hi");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("given-1\n");
        Task stored = cluster.tasks().get("given-1");
        assertThat(stored.getPayload()).isEqualTo("echo:hi");
        assertThat(stored.getPriority()).isEqualTo(TaskPriority.TASK_PRIORITY_HIGH);
        assertThat(stored.getMaxAttempts()).isEqualTo(5);
    }

    @Test
    void generatedIdsAreShortTimeOrderedAndUnique() {
        Set<String> ids = new HashSet<>();
        String previous = "";
        for (int i = 0; i < 20; i++) {
            CliRun run = CliRun.of(i % 2 == 0 ? "schedule" : "add", cluster.leaderFlag(), "quick");
            assertThat(run.exit()).as(run.err()).isZero();
            String id = run.out().strip();
            assertThat(id).matches("[0-9a-hjkmnp-tv-z]{16}").isGreaterThan(previous);
            assertThat(cluster.tasks().get(id).getPayload()).isEqualTo("quick");
            ids.add(id);
            previous = id;
        }
        assertThat(ids).hasSize(20);
    }

    @Test
    void jsonIsTheStoredTask() throws Exception {
        CliRun run =
                CliRun.of("add", cluster.leaderFlag(), "-o", "json", "--id", "json-1", "--priority", "low", "quick");

        assertThat(run.exit()).as(run.err()).isZero();
        Task task = parse(run.out());
        assertThat(task.getId()).isEqualTo("json-1");
        assertThat(task.getPriority()).isEqualTo(TaskPriority.TASK_PRIORITY_LOW);
        assertThat(task.getMaxAttempts()).isEqualTo(3); // the leader's default, as stored
        assertThat(task.hasCreatedAt()).isTrue();
        assertThat(run.out()).contains("\"max_attempts\": 3");
    }

    @Test
    void waitPrintsTheIdThenTheResultAndExits0() {
        CliRun run = CliRun.of("schedule", cluster.leaderFlag(), "--wait", "--id", "wait-ok", "echo:the answer is 42");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("wait-ok\nthe answer is 42\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void waitAsJsonPrintsTheEndedTask() throws Exception {
        CliRun run = CliRun.of("add", cluster.leaderFlag(), "--wait", "-o", "json", "echo:json result");

        assertThat(run.exit()).as(run.err()).isZero();
        Task task = parse(run.out());
        assertThat(task.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
        assertThat(task.getResult()).isEqualTo("json result");
        assertThat(task.getWorkerId()).isEqualTo("w1");
    }

    @Test
    void waitOnAFailingTaskExits1WithItsErrorAfterTheRetries() {
        CliRun run = CliRun.of(
                "schedule", cluster.leaderFlag(), "--wait", "--id", "wait-fail", "--max-attempts", "2", "fail");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("wait-fail\n");
        assertThat(run.err())
                .isEqualTo("error: task 'wait-fail' failed (attempt 2/2): "
                        + "java.lang.IllegalStateException: failed on purpose, attempt 2\n");
    }

    @Test
    void waitOnATaskCancelledMeanwhileExits1() {
        CompletableFuture<CliRun> waiting = CompletableFuture.supplyAsync(
                () -> CliRun.of("schedule", cluster.leaderFlag(), "--wait", "--id", "wait-cancel", "block"));
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> cluster.tasks().get("wait-cancel").getStatus() == TaskStatus.TASK_STATUS_RUNNING);

        cluster.tasks().cancel("wait-cancel");

        CliRun run =
                waiting.orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: task 'wait-cancel' was cancelled");
    }

    @Test
    void waitTimeoutExits1SayingTheTaskStillRuns() {
        CliRun run = CliRun.of(
                "schedule",
                cluster.leaderFlag(),
                "--wait",
                "--wait-timeout",
                "500ms",
                "--timeout",
                "5s",
                "--id",
                "wait-long",
                "block");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .matches("error: task 'wait-long' is still (pending|running) after 500ms \\(--wait-timeout\\)\\n");
        assertThat(cluster.tasks().get("wait-long").getStatus())
                .isIn(TaskStatus.TASK_STATUS_PENDING, TaskStatus.TASK_STATUS_RUNNING);
        cluster.tasks().cancel("wait-long");
    }

    @Test
    void serverRefusalsExit1WithTheirCode() {
        assertThat(CliRun.of("schedule", cluster.leaderFlag(), "--id", "dup", "one")
                        .exit())
                .isZero();

        CliRun duplicate = CliRun.of("schedule", cluster.leaderFlag(), "--id", "dup", "another");
        assertThat(duplicate.exit()).isEqualTo(1);
        assertThat(duplicate.err())
                .isEqualTo("error: task 'dup' already exists with a different payload (ALREADY_EXISTS)\n");

        CliRun tooMany = CliRun.of("schedule", cluster.leaderFlag(), "--max-attempts", "1000000", "quick");
        assertThat(tooMany.exit()).isEqualTo(1);
        assertThat(tooMany.err())
                .startsWith("error: task.max_attempts 1000000 of task '")
                .endsWith("(INVALID_ARGUMENT)\n");
    }
}
