package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import dev.workcluster.cli.CliRun;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code cancel ID...} / {@code remove}: each id in turn, going on past refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancelCommandTest {
    @RegisterExtension
    static final OneWorkerCluster cluster = new OneWorkerCluster("cli-cancel", 4);

    @BeforeAll
    void start() throws Exception {
        cluster.tasks().schedule("finished", "echo:ok");
        await().atMost(Duration.ofSeconds(20)).until(() -> status("finished") == TaskStatus.TASK_STATUS_COMPLETED);
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

    @Test
    void cancelsEveryIdGoesOnPastAnUnknownOneAndExits1() {
        running("a1", "a2");

        CliRun run = CliRun.of("cancel", cluster.leaderFlag(), "a1", "ghost", "a2", "finished");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("a1  cancelled\na2  cancelled\nfinished  completed (had already ended)\n");
        assertThat(run.err()).isEqualTo("error: task 'ghost' not found (NOT_FOUND)\n");
        assertThat(status("a1")).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
        assertThat(status("a2")).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
        assertThat(status("finished")).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster.worker().runningTasks() == 0); // the worker was told to stop
    }

    @Test
    void everyFailureHasItsOwnLine() {
        CliRun run = CliRun.of("cancel", cluster.leaderFlag(), "ghost-1", "ghost-2");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("error: task 'ghost-1' not found (NOT_FOUND)\n"
                        + "error: task 'ghost-2' not found (NOT_FOUND)\n");
    }

    @Test
    void removeIsAnAliasAndAllCancelledExits0() {
        cluster.tasks().schedule("r1", "block");

        CliRun run = CliRun.of("remove", cluster.leaderFlag(), "r1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("r1  cancelled\n");
        assertThat(status("r1")).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
    }

    @Test
    void jsonListsTheTasksAsStoredAfterTheCancel() throws Exception {
        running("j1");

        CliRun run = CliRun.of("cancel", cluster.leaderFlag(), "-o", "json", "j1", "ghost", "finished");

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
