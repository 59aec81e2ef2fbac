package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersResponse;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Worker labels and task selectors through the CLI, against a real leader: a {@code workcluster worker --label
 * gpu=true --label zone=eu} process and a library worker without labels. {@code schedule --selector} starts a task
 * only on a worker whose labels match it ({@code !=} and {@code notin} also match a worker without the label); a
 * task no alive worker matches stays pending with the leader's warning while the tasks behind it run, and starts
 * once a matching worker joins; {@code members} lists each worker's labels, and a worker that joins again replaces
 * them. Workers that a test adds leave before it ends, so the others see only gpu-1 and plain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerLabelsProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A task of each selector runs this often, so that landing on the right worker by chance is unlikely. */
    private static final int RUNS_PER_SELECTOR = 3;

    @TempDir
    static Path dir;

    EmbeddedCluster cluster;
    Process gpuWorker;

    @BeforeAll
    void start() throws Exception {
        cluster = EmbeddedCluster.start("cli-labels", c -> c);
        cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("plain").setSlots(2), context -> "plain");
        gpuWorker = CliProcess.builder(
                        Map.of(),
                        List.of(
                                "worker",
                                "--leader",
                                cluster.address(),
                                "--id",
                                "gpu-1",
                                "--slots",
                                "2",
                                "--label",
                                "gpu=true",
                                "--label",
                                "zone=eu",
                                "--handler",
                                "echo"))
                .redirectOutput(dir.resolve("gpu-1.out").toFile())
                .redirectError(dir.resolve("gpu-1.log").toFile())
                .start();
        await().atMost(WAIT).until(() -> cluster.isAlive("gpu-1") && cluster.isAlive("plain"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (gpuWorker != null) {
                gpuWorker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @ParameterizedTest(name = "{0} runs on {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "gpu=true|gpu-1",
                "gpu|gpu-1",
                "!gpu|plain",
                "zone in (eu,us)|gpu-1",
                "zone!=eu|plain",
                "zone notin (eu,us)|plain",
                "gpu=true,zone=eu|gpu-1"
            })
    void aSelectedTaskRunsOnlyOnAWorkerWhoseLabelsMatch(String selector, String worker) throws Exception {
        for (int i = 0; i < RUNS_PER_SELECTOR; i++) {
            CliRun run = CliRun.of("schedule", leaderFlag(), "--wait", "-o", "json", "--selector", selector, "echo:hi");

            assertThat(run.exit()).as(run.err()).isZero();
            Task ended = parse(run.out(), Task.newBuilder()).build();
            assertThat(ended.getWorkerId()).as(selector).isEqualTo(worker);
            assertThat(ended.getSelector()).isEqualTo(selector);
            assertThat(ended.getWarning()).isEmpty();
        }
    }

    @Test
    void theTaskShowsItsSelectorInTheLeadersNormalForm() {
        CliRun scheduled = CliRun.of(
                "schedule",
                leaderFlag(),
                "--wait",
                "--id",
                "spaced",
                "--selector",
                " gpu = true , zone in ( eu , us ) ",
                "x");
        assertThat(scheduled.exit()).as(scheduled.err()).isZero();

        CliRun shown = CliRun.of("task", leaderFlag(), "spaced");

        assertThat(shown.out()).contains("\nworker    gpu-1\nselector  gpu=true,zone in (eu,us)\nattempt   ");
    }

    @Test
    void aTaskNoAliveWorkerMatchesWaitsWithAWarningWhileTheTasksBehindItRunUntilOneJoins() throws Exception {
        CliRun scheduled = CliRun.of(
                "schedule",
                leaderFlag(),
                "-o",
                "json",
                "--id",
                "mars",
                "--priority",
                "high",
                "--selector",
                "zone=mars",
                "echo:never");
        assertThat(scheduled.exit()).as(scheduled.err()).isZero();
        String warning = "no alive worker matches selector 'zone=mars' (2 workers alive)";
        assertThat(parse(scheduled.out(), Task.newBuilder()).getWarning())
                .as("said at once")
                .isEqualTo(warning);

        CliRun behind = CliRun.of("schedule", leaderFlag(), "--wait", "--id", "behind", "echo:after mars");
        assertThat(behind.exit()).as(behind.err()).isZero();
        assertThat(behind.out()).startsWith("behind\n");

        CliRun shown = CliRun.of("task", leaderFlag(), "mars");
        assertThat(shown.out())
                .contains("\nstatus    pending\nworker    -\nselector  zone=mars\nwarning   " + warning + "\n");

        CliRun listed = CliRun.of("tasks", leaderFlag());
        assertThat(listed.out())
                .containsPattern("\nmars +default +high +pending! +- +\\d/3 ")
                .containsPattern("\nbehind +default +unspecified +completed +\\S+ +1/3 ")
                .contains("\n(!: no alive worker can take the task; 'workcluster task ID' says why)\n");
        GetTasksResponse.Builder json =
                parse(CliRun.of("tasks", leaderFlag(), "-o", "json").out(), GetTasksResponse.newBuilder());
        assertThat(json.getTasksList())
                .filteredOn(task -> !task.getWarning().isEmpty())
                .extracting(Task::getId)
                .containsExactly("mars");

        Worker martian = cluster.startWorker(
                WorkerOptions.newBuilder().setWorkerId("martian").setLabels(Map.of("zone", "mars")), context -> "");
        await().atMost(WAIT).until(() -> cluster.tasks().get("mars").getStatus() == TaskStatus.TASK_STATUS_COMPLETED);
        assertThat(parse(CliRun.of("task", leaderFlag(), "mars", "-o", "json").out(), Task.newBuilder()))
                .returns("martian", Task.Builder::getWorkerId)
                .returns("", Task.Builder::getWarning);
        // Gone again, so the other tests count and choose among gpu-1 and plain only.
        martian.shutdown(Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> !cluster.isAlive("martian"));
    }

    @Test
    void membersListEachWorkersLabels() throws Exception {
        CliRun table = CliRun.of("members", leaderFlag());

        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).matches(".* +LAST HEARTBEAT +LABELS +QUEUES");
        assertThat(table.out())
                .containsPattern("\ngpu-1 +\\S+ +stream +alive.* ago +gpu=true,zone=eu +\\*\n")
                .containsPattern("\nplain +\\S+ +stream +alive.* ago +- +\\*\n");

        MembersResponse.Builder json =
                parse(CliRun.of("members", leaderFlag(), "-o", "json").out(), MembersResponse.newBuilder());
        assertThat(json.getMembersList())
                .filteredOn(member -> member.getId().equals("gpu-1"))
                .singleElement()
                .returns(Map.of("gpu", "true", "zone", "eu"), Member::getLabelsMap);
        assertThat(json.getMembersList())
                .filteredOn(member -> member.getId().equals("plain"))
                .singleElement()
                .returns(Map.of(), Member::getLabelsMap);
    }

    @Test
    void aWorkerThatJoinsAgainReplacesItsLabels() throws Exception {
        Worker first = cluster.startWorker(
                WorkerOptions.newBuilder().setWorkerId("relabelled").setLabels(Map.of("zone", "eu")), context -> "");
        await().atMost(WAIT).until(() -> labelsOf("relabelled").equals(Map.of("zone", "eu")));
        first.shutdown(Duration.ofSeconds(5));

        Worker second = cluster.startWorker(
                WorkerOptions.newBuilder().setWorkerId("relabelled").setLabels(Map.of("arch", "arm64")), context -> "");
        await().atMost(WAIT)
                .until(() ->
                        cluster.isAlive("relabelled") && !labelsOf("relabelled").containsKey("zone"));
        assertThat(CliRun.of("members", leaderFlag()).out())
                .containsPattern("\nrelabelled +\\S+ +stream +alive.* ago +arch=arm64 +\\*\n");
        // Gone again, so the other tests count and choose among gpu-1 and plain only.
        second.shutdown(Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> !cluster.isAlive("relabelled"));
    }

    @Test
    void aPushModeWorkerDeclaresItsLabelsWithItsJoin() throws Exception {
        Worker pushed = cluster.startWorker(
                WorkerOptions.newBuilder()
                        .setWorkerId("pushed")
                        .setTransport(dev.workcluster.worker.Transport.PUSH)
                        .setLabels(Map.of("tier", "push")),
                context -> "");
        try {
            await().atMost(WAIT).until(() -> labelsOf("pushed").equals(Map.of("tier", "push")));
        } finally {
            // Gone again, so the other tests count and choose among gpu-1 and plain only.
            pushed.shutdown(Duration.ofSeconds(5));
            await().atMost(WAIT).until(() -> !cluster.isAlive("pushed"));
        }
    }

    @Test
    void aRecurringSchedulesTasksTakeItsSelector() throws Exception {
        CliRun created = CliRun.of(
                "schedules",
                "create",
                "gpu-tick",
                leaderFlag(),
                "--every",
                "1s",
                "--selector",
                "gpu=true",
                "--payload",
                "echo:tick");
        assertThat(created.exit()).as(created.err()).isZero();

        await().atMost(WAIT)
                .until(() -> cluster.tasks()
                                .inStatus(TaskStatus.TASK_STATUS_COMPLETED, "gpu-tick@")
                                .size()
                        >= RUNS_PER_SELECTOR);
        assertThat(cluster.tasks().inStatus(TaskStatus.TASK_STATUS_COMPLETED, "gpu-tick@"))
                .allSatisfy(task ->
                        assertThat(task).returns("gpu-1", Task::getWorkerId).returns("gpu=true", Task::getSelector));
        RecurringSchedule.Builder stored = parse(
                CliRun.of("schedules", "get", "gpu-tick", leaderFlag(), "-o", "json")
                        .out(),
                RecurringSchedule.newBuilder());
        assertThat(stored.getTask().getSelector()).isEqualTo("gpu=true");
        assertThat(CliRun.of("schedules", "get", "gpu-tick", leaderFlag()).out())
                .containsPattern("\nselector +gpu=true\n$");
        assertThat(CliRun.of("schedules", "delete", "gpu-tick", leaderFlag()).exit())
                .isZero();
    }

    private String leaderFlag() {
        return "--leader=" + cluster.address();
    }

    private Map<String, String> labelsOf(String id) {
        return cluster.members().stream()
                .filter(member -> member.getId().equals(id))
                .findFirst()
                .map(Member::getLabelsMap)
                .orElse(Map.of());
    }

    /** {@code -o json} output read back into the wire message it prints. */
    private static <B extends Message.Builder> B parse(String json, B builder) throws Exception {
        JsonFormat.parser().merge(json, builder);
        return builder;
    }
}
