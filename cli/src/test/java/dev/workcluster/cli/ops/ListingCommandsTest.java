package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import dev.workcluster.cli.CliRun;
import dev.workcluster.proto.cluster.v1.MembersResponse;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code members} and {@code tasks} against a real leader, as tables and as JSON. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingCommandsTest {
    EmbeddedCluster cluster;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    void start() throws Exception {
        cluster = EmbeddedCluster.start("cli-listing", c -> c);
        cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(1), context -> {
            if (context.payload().equals("block")) {
                release.await(30, TimeUnit.SECONDS);
            }
            if (context.payload().equals("fail")) {
                throw new IllegalStateException("disk full\nsecond line");
            }
            return "ok";
        });
        cluster.tasks()
                .schedule(Task.newBuilder()
                        .setId("broken")
                        .setPayload("fail")
                        .setMaxAttempts(1)
                        .setPriority(TaskPriority.TASK_PRIORITY_HIGH));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster.tasks().get("broken").getStatus() == TaskStatus.TASK_STATUS_ERROR);
        cluster.tasks().schedule("busy", "block");
        cluster.tasks().schedule("waiting", "quick");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster.tasks().get("busy").getStatus() == TaskStatus.TASK_STATUS_RUNNING);
    }

    @AfterAll
    void stop() throws Exception {
        release.countDown();
        cluster.close();
    }

    String leaderFlag() {
        return "--leader=" + cluster.address();
    }

    @Test
    void membersAsATable() {
        CliRun run = CliRun.of("members", leaderFlag());

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().findFirst().orElseThrow())
                .startsWith("ID")
                .contains("ADDRESS", "TRANSPORT", "STATUS", "SLOTS", "RUNNING", "LAST HEARTBEAT", "LABELS", "QUEUES");
        assertThat(run.out())
                .containsPattern(
                        "w1 +127\\.0\\.0\\.1:\\d+ +stream +alive, busy 1/1 +1/1 +busy +\\d+(ms|s) ago +- +\\*\n");
    }

    @Test
    void membersAsJsonParsesBackIntoTheWireMessage() throws Exception {
        CliRun run = CliRun.of("members", leaderFlag(), "-o", "json");

        MembersResponse.Builder parsed = MembersResponse.newBuilder();
        JsonFormat.parser().merge(run.out(), parsed);
        assertThat(parsed.getMembers(0).getId()).isEqualTo("w1");
        assertThat(run.out()).contains("\"slots_used\": 1");
    }

    @Test
    void tasksAsATableWithTheFirstLineOfTheError() {
        CliRun run = CliRun.of("tasks", leaderFlag());

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .containsPattern("broken +default +high +error +w1 +1/1 +ran \\S+ "
                        + "+java.lang.IllegalStateException: disk full\\n");
        assertThat(run.out()).containsPattern("busy +default +unspecified +running +w1 +1/3 +running \\S+");
        assertThat(run.out()).containsPattern("waiting +default +unspecified +pending +- +1/3 +\\S+");
        assertThat(run.out()).doesNotContain("second line");
    }

    @Test
    void tasksFilteredByStatusAndLimited() throws Exception {
        CliRun pending = CliRun.of("tasks", leaderFlag(), "--status", "pending", "-o", "json");
        GetTasksResponse.Builder parsed = GetTasksResponse.newBuilder();
        JsonFormat.parser().merge(pending.out(), parsed);
        assertThat(parsed.getTasksList()).extracting(Task::getId).containsExactly("waiting");

        CliRun limited = CliRun.of("tasks", leaderFlag(), "--limit", "1");
        assertThat(limited.out().lines().count()).isEqualTo(3); // header, one task, the "more" hint
        assertThat(limited.out()).contains("(more tasks");
    }

    @Test
    void badFlagsAreUsageErrors() {
        CliRun status = CliRun.of("tasks", leaderFlag(), "--status", "sleeping");
        assertThat(status.exit()).isEqualTo(2);
        assertThat(status.err()).contains("'sleeping' is not a task status");

        CliRun limit = CliRun.of("tasks", leaderFlag(), "--limit", "0");
        assertThat(limit.exit()).isEqualTo(2);
        assertThat(limit.err()).contains("--limit must be between 1 and 10000, got 0");

        CliRun output = CliRun.of("members", leaderFlag(), "-o", "yaml");
        assertThat(output.exit()).isEqualTo(2);
        assertThat(output.err()).contains("yaml");
    }

    @Test
    void anUnreachableLeaderIsExitCode2WithinTheTimeoutAndNamesTheAddress() {
        int closedPort = FreePorts.next();
        long start = System.nanoTime();

        CliRun run = CliRun.of("members", "--leader=127.0.0.1:" + closedPort, "--timeout=2s");

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_500);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip())
                .startsWith("error: cannot reach the leader at 127.0.0.1:" + closedPort + " (")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }

    @Test
    void theNextAddressIsTriedWhenTheFirstIsDown() {
        CliRun run = CliRun.of("members", "--leader=127.0.0.1:" + FreePorts.next() + "," + cluster.address());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("w1");
    }
}
