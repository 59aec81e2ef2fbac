package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersResponse;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.JvmLaunch;
import dev.workcluster.testkit.JvmProcess;
import dev.workcluster.worker.Transport;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker queue subscriptions through the CLI, against a real leader: a {@code workcluster worker --queue q1} process
 * is the only worker, so it runs the tasks of {@code q1} and no others; a task of another queue (the default queue
 * included) stays pending with the leader's warning while the tasks of {@code q1} run, until a worker that takes its
 * queue joins. {@code members} lists each worker's queues. Workers that a test adds leave before it ends, so the
 * others see only q1-worker alive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerQueuesProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    EmbeddedCluster cluster;
    JvmProcess q1Worker;

    @BeforeAll
    void start() throws Exception {
        cluster = EmbeddedCluster.start("cli-worker-queues", c -> c);
        q1Worker = JvmProcess.start(
                JvmLaunch.of(
                        Main.class.getName(),
                        "worker",
                        "--leader",
                        cluster.address(),
                        "--id",
                        "q1-worker",
                        "--slots",
                        "2",
                        "--queue",
                        "q1",
                        "--handler",
                        "echo"),
                dir.resolve("q1-worker.log"));
        String running = q1Worker.awaitLine(line -> line.startsWith("workcluster worker q1-worker running"), WAIT);
        assertThat(running).contains(", queues q1, handler echo");
        await().atMost(WAIT).until(() -> cluster.isAlive("q1-worker"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (q1Worker != null) {
                q1Worker.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void aTaskOfTheWorkersQueueRunsOnIt() throws Exception {
        for (int i = 0; i < 3; i++) {
            CliRun run = CliRun.of("schedule", leaderFlag(), "--wait", "-o", "json", "--queue", "q1", "hi " + i);

            assertThat(run.exit()).as(run.err()).isZero();
            Task ended = parse(run.out(), Task.newBuilder()).build();
            assertThat(ended)
                    .returns("q1-worker", Task::getWorkerId)
                    .returns("q1", Task::getQueue)
                    .returns("hi " + i, Task::getResult)
                    .returns("", Task::getWarning);
        }
    }

    @Test
    void tasksOfOtherQueuesWaitWithAWarningWhileTheWorkersQueueRunsUntilAWorkerTakesThem() throws Exception {
        CliRun scheduled = CliRun.of(
                "schedule",
                leaderFlag(),
                "-o",
                "json",
                "--id",
                "in-q2",
                "--queue",
                "q2",
                "--priority",
                "high",
                "echo:2");
        assertThat(scheduled.exit()).as(scheduled.err()).isZero();
        String warning = "no alive worker takes queue 'q2' (1 worker alive)";
        assertThat(parse(scheduled.out(), Task.newBuilder()))
                .as("said at once")
                .returns(TaskStatus.TASK_STATUS_PENDING, Task.Builder::getStatus)
                .returns(warning, Task.Builder::getWarning);
        CliRun unqueued = CliRun.of("schedule", leaderFlag(), "--id", "in-default", "echo:default");
        assertThat(unqueued.exit()).as(unqueued.err()).isZero();

        CliRun behind = CliRun.of("schedule", leaderFlag(), "--wait", "--queue", "q1", "--id", "in-q1", "echo:q1");
        assertThat(behind.exit()).as(behind.err()).isZero();
        assertThat(behind.out()).startsWith("in-q1\n");

        assertThat(cluster.tasks().get("in-q2").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_PENDING);
        assertThat(CliRun.of("task", leaderFlag(), "in-q2").out())
                .contains("\nqueue     q2\n", "\nstatus    pending\nworker    -\nwarning   " + warning + "\n");
        assertThat(CliRun.of("task", leaderFlag(), "in-default").out())
                .contains(
                        "\nqueue     default\n",
                        "\nwarning   no alive worker takes queue 'default' (1 worker alive)\n");
        assertThat(CliRun.of("tasks", leaderFlag()).out())
                .containsPattern("\nin-q2 +q2 +high +pending! +- ")
                .containsPattern("\nin-default +default +unspecified +pending! +- ")
                .containsPattern("\nin-q1 +q1 +unspecified +completed +q1-worker ")
                .contains("\n(!: no alive worker can take the task; 'workcluster task ID' says why)\n");

        Worker taker = cluster.startWorker(
                WorkerOptions.newBuilder().setWorkerId("q2-taker").setQueues("q2", "default"),
                context -> "taken " + context.payload());
        try {
            await().atMost(WAIT)
                    .until(() -> cluster.tasks().get("in-q2").getStatus() == TaskStatus.TASK_STATUS_COMPLETED
                            && cluster.tasks().get("in-default").getStatus() == TaskStatus.TASK_STATUS_COMPLETED);
            assertThat(List.of(cluster.tasks().get("in-q2"), cluster.tasks().get("in-default")))
                    .allSatisfy(task -> assertThat(task)
                            .returns("q2-taker", Task::getWorkerId)
                            .returns("", Task::getWarning));
        } finally {
            // Gone again, so the other tests see q1-worker alone.
            taker.shutdown(Duration.ofSeconds(5));
            await().atMost(WAIT).until(() -> !cluster.isAlive("q2-taker"));
        }
    }

    @Test
    void membersListTheQueuesEachWorkerTakes() throws Exception {
        Worker pushed = cluster.startWorker(
                WorkerOptions.newBuilder()
                        .setWorkerId("pushed")
                        .setTransport(Transport.PUSH)
                        .setPushListenPort(0)
                        .setQueues("p2", "p1"),
                context -> "");
        try {
            await().atMost(WAIT).until(() -> cluster.isAlive("pushed"));

            CliRun table = CliRun.of("members", leaderFlag());

            assertThat(table.exit()).as(table.err()).isZero();
            assertThat(table.out().lines().findFirst().orElseThrow()).matches(".* +LABELS +QUEUES");
            assertThat(table.out())
                    .containsPattern("\nq1-worker +\\S+ +stream +alive.* ago +- +q1\n")
                    .containsPattern("\npushed +\\S+ +push +alive.* ago +- +p1,p2\n");
            MembersResponse json = parse(
                            CliRun.of("members", leaderFlag(), "-o", "json").out(), MembersResponse.newBuilder())
                    .build();
            assertThat(json.getMembersList())
                    .filteredOn(member -> member.getId().equals("q1-worker"))
                    .singleElement()
                    .returns(List.of("q1"), Member::getQueuesList);
            assertThat(json.getMembersList())
                    .filteredOn(member -> member.getId().equals("pushed"))
                    .singleElement()
                    .as("the push-mode join carries them; the leader keeps them in name order")
                    .returns(List.of("p1", "p2"), Member::getQueuesList);
        } finally {
            // Gone again, so the other tests see q1-worker alone.
            pushed.shutdown(Duration.ofSeconds(5));
            await().atMost(WAIT).until(() -> !cluster.isAlive("pushed"));
        }
    }

    private String leaderFlag() {
        return "--leader=" + cluster.address();
    }

    /** {@code -o json} output read back into the wire message it prints. */
    private static <B extends Message.Builder> B parse(String json, B builder) throws Exception {
        JsonFormat.parser().merge(json, builder);
        return builder;
    }
}
