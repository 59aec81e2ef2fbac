package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import dev.workcluster.cli.CliRun;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code task ID}: every field of one task, as a FIELD/VALUE list and as JSON. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskCommandTest {
    static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z";
    static final String LONG_PAYLOAD = "echo:" + "x".repeat(300);

    @RegisterExtension
    static final OneWorkerCluster cluster = new OneWorkerCluster("cli-task", 2);

    @BeforeAll
    void start() throws Exception {
        cluster.tasks()
                .schedule(Task.newBuilder()
                        .setId("done")
                        .setPayload("echo:all good")
                        .setPriority(TaskPriority.TASK_PRIORITY_HIGH));
        cluster.tasks()
                .schedule(Task.newBuilder()
                        .setId("broken")
                        .setPayload("fail-permanently")
                        .setMaxAttempts(4));
        cluster.tasks().schedule("long", LONG_PAYLOAD);
        cluster.tasks().schedule("busy", "block");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ended("done")
                        && ended("broken")
                        && ended("long")
                        && cluster.tasks().get("busy").getStatus() == TaskStatus.TASK_STATUS_RUNNING);
    }

    boolean ended(String id) {
        TaskStatus status = cluster.tasks().get(id).getStatus();
        return status == TaskStatus.TASK_STATUS_COMPLETED || status == TaskStatus.TASK_STATUS_ERROR;
    }

    @Test
    void aCompletedTaskAsAFieldValueList() {
        CliRun run = CliRun.of("task", cluster.leaderFlag(), "done");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("FIELD     VALUE\nid        done\npayload   echo:all good\nqueue     default\n"
                        + "priority  high\nstatus    completed\nworker    w1\nattempt   1/3\n"
                        + "error     -\nresult    all good\n");
        assertThat(run.out())
                .containsPattern("\ncreated   " + TIME + " \\(\\d+(ms|s) ago\\)\n")
                .containsPattern("\nstarted   " + TIME + " \\(\\d+(ms|s) ago, queued \\d+(ms|s)\\)\n")
                .containsPattern("\nfinished  " + TIME + " \\(\\d+(ms|s) ago, ran \\d+(ms|s)\\)\n$");
    }

    @Test
    void theErrorIsShownInFullWithItsLinesAligned() {
        CliRun run = CliRun.of("task", cluster.leaderFlag(), "broken");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains(
                        "status    error\n",
                        "attempt   1/4\n",
                        "error     cannot ever work\n            because: the disk is full\nresult    -\n");
    }

    @Test
    void aRunningTaskHasNoFinishTime() {
        CliRun run = CliRun.of("task", cluster.leaderFlag(), "busy");

        assertThat(run.out())
                .contains("status    running\n", "priority  unspecified\n", "worker    w1\n")
                .containsPattern("\nstarted   " + TIME + " ")
                .endsWith("finished  -\n");
    }

    @Test
    void aLongPayloadIsShortenedInTheTableButWholeInJson() throws Exception {
        CliRun table = CliRun.of("task", cluster.leaderFlag(), "long");
        assertThat(table.out())
                .contains("payload   echo:" + "x".repeat(194) + "…  (shortened from 305 characters; "
                        + "-o json shows it whole)\n");

        CliRun json = CliRun.of("task", cluster.leaderFlag(), "long", "-o", "json");
        Task.Builder parsed = Task.newBuilder();
        JsonFormat.parser().merge(json.out(), parsed);
        assertThat(parsed.getPayload()).isEqualTo(LONG_PAYLOAD);
    }

    @Test
    void jsonIsTheWholeTaskInProtoJson() throws Exception {
        CliRun run = CliRun.of("task", "-o", "json", cluster.leaderFlag(), "done");

        assertThat(run.exit()).isZero();
        Task.Builder parsed = Task.newBuilder();
        JsonFormat.parser().merge(run.out(), parsed);
        assertThat(parsed.build()).isEqualTo(cluster.tasks().get("done"));
        assertThat(run.out())
                .contains("\"worker_id\": \"w1\"", "\"status\": \"TASK_STATUS_COMPLETED\"", "\"finished_at\": \"");
    }

    @Test
    void anUnknownIdIsNotFoundExit1() {
        CliRun run = CliRun.of("task", cluster.leaderFlag(), "nope");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: task 'nope' not found (NOT_FOUND)\n");
    }
}
