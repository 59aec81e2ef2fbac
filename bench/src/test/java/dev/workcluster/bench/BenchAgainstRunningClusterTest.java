package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.workcluster.cli.handlers.Handlers;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench throughput --leader}: the bench drives a cluster someone else runs (here a leader in
 * this JVM and one worker with the built-in sleep handler) instead of starting its own.
 */
class BenchAgainstRunningClusterTest {
    @TempDir
    Path dir;

    EmbeddedCluster leader;
    Worker worker;

    @BeforeEach
    void startClusterWithOneWorker() throws Exception {
        leader = EmbeddedCluster.start("bench-driven", c -> c);
        worker = Worker.start(
                WorkerOptions.newBuilder()
                        .setLeaderAddresses(leader.address())
                        .setWorkerId("user-w1")
                        .setSlots(4)
                        .build(),
                Handlers.builtIn("sleep", false));
    }

    @AfterEach
    void stop() throws Exception {
        worker.shutdown(Duration.ofSeconds(5));
        leader.close();
    }

    @Test
    void throughputQuickSubmitsToTheGivenLeaderAndCountsTheStartsItsWorkersMade() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = BenchMain.newCommandLine();
        cli.setErr(new PrintWriter(err));
        Path results = dir.resolve("results");

        int exit = cli.execute(
                "bench", "throughput", "--quick", "--leader", leader.address(), "--results", results.toString());

        assertThat(exit).as(err.toString()).isZero();
        JsonObject report = JsonParser.parseString(Files.readString(results.resolve("throughput.json")))
                .getAsJsonObject();
        assertThat(report.get("cluster").getAsString()).isEqualTo(leader.address());
        assertThat(report.get("workers_alive").getAsLong()).isEqualTo(1);
        assertThat(report.get("start_seen_on").getAsString()).isEqualTo("WatchTasks");
        assertThat(report.has("transport"))
                .as("the bench started no workers of its own")
                .isFalse();
        assertThat(report.get("tasks_measured").getAsLong()).isPositive();
        assertThat(report.get("tasks_per_s").getAsDouble()).isPositive();
        assertThat(report.get("submits_rejected").getAsLong()).isZero();
        assertThat(report.getAsJsonObject("schedule_to_start_ms").get("p50").getAsDouble())
                .isPositive();
        assertThat(report.get("completions_committed_in_window").getAsLong()).isPositive();
        Task completed = leader.tasks()
                .scheduler()
                .getTasks(GetTasksRequest.newBuilder()
                        .setStatus(TaskStatus.TASK_STATUS_COMPLETED)
                        .setPageSize(1)
                        .build())
                .getTasks(0);
        assertThat(completed)
                .as("the user's worker ran it with its sleep handler")
                .returns("user-w1", Task::getWorkerId)
                .returns("slept 0ms", Task::getResult);
        assertThat(leader.tasks().count(TaskStatus.TASK_STATUS_ERROR)).isZero();
    }
}
