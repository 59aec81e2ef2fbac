package dev.workcluster.cli.ops;

import dev.workcluster.cli.CliRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code cancel ID...} / {@code remove}: each id in turn, going on past refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancelCommandTest {
    EmbeddedCluster cluster;
    Worker worker;
    final TestHandler handler = new TestHandler();

    @BeforeAll
    void start() throws Exception {
        cluster = EmbeddedCluster.start("cli-cancel", c -> c);
        worker =
                cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(4), handler);
        cluster.tasks().schedule("finished", "echo:ok");
        await().atMost(Duration.ofSeconds(20)).until(() -> status("finished") == TaskStatus.TASK_STATUS_COMPLETED);
    }

    @AfterAll
    void stop() throws Exception {
        handler.releaseAll();
        cluster.close();
    }

    TaskStatus status(String id) {
        return cluster.tasks().get(id).getStatus();
    }

    void running(String... ids) {
        for (String id : ids) {
            cluster.tasks().schedule(id, "block");
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> java.util.Arrays.stream(ids).allMatch(id -> status(id) == TaskStatus.TASK_STATUS_RUNNING));
    }

    String leaderFlag() {
        return "--leader=" + cluster.address();
    }

    @Test
    void cancelsEveryIdGoesOnPastAnUnknownOneAndExits1() {
        running("a1", "a2");

        CliRun run = CliRun.of("cancel", leaderFlag(), "a1", "ghost", "a2", "finished");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("a1  cancelled\na2  cancelled\nfinished  completed (had already ended)\n");
        assertThat(run.err()).isEqualTo("error: task 'ghost' not found (NOT_FOUND)\n");
        assertThat(status("a1")).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
        assertThat(status("a2")).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
        assertThat(status("finished")).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
        await().atMost(Duration.ofSeconds(20)).until(() -> worker.runningTasks() == 0); // the worker was told to stop
    }

    @Test
    void everyFailureHasItsOwnLine() {
        CliRun run = CliRun.of("cancel", leaderFlag(), "ghost-1", "ghost-2");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("error: task 'ghost-1' not found (NOT_FOUND)\n"
                        + "error: task 'ghost-2' not found (NOT_FOUND)\n");
    }

    @Test
    void removeIsAnAliasAndAllCancelledExits0() {
        cluster.tasks().schedule("r1", "block");

        CliRun run = CliRun.of("remove", leaderFlag(), "r1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("r1  cancelled\n");
        assertThat(status("r1")).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
    }

    @Test
    void jsonListsTheTasksAsStoredAfterTheCancel() throws Exception {
        running("j1");

        CliRun run = CliRun.of("cancel", leaderFlag(), "-o", "json", "j1", "ghost", "finished");

        assertThat(run.exit()).isEqualTo(1);
        GetTasksResponse.Builder parsed = GetTasksResponse.newBuilder();
        JsonFormat.parser().merge(run.out(), parsed);
        assertThat(parsed.getTasksList()).extracting(Task::getId).containsExactly("j1", "finished");
        assertThat(parsed.getTasks(0).getStatus()).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
        assertThat(parsed.getTasks(0).getWorkerId()).isEqualTo("w1");
        assertThat(parsed.getTasks(1).getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
        assertThat(run.err()).isEqualTo("error: task 'ghost' not found (NOT_FOUND)\n");
    }
}
