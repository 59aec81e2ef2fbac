package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.PrometheusText;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workcluster worker} as an operator runs it, against a real leader on loopback: it
 * says who it is, runs tasks with the chosen built-in handler, and on SIGTERM hands back
 * what it could not finish within its grace, then exits.
 */
class WorkerCommandProcessTest {
    @TempDir
    Path dir;

    LeaderServer leader;
    ManagedChannel channel;
    SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler;
    Process worker;

    @BeforeEach
    void startLeader() throws Exception {
        leader = LeaderServer.start(LeaderConfig.defaults(dir.resolve("data"))
                .withPorts(FreePorts.next(), FreePorts.next(), FreePorts.next()));
        leader.awaitReady(Duration.ofSeconds(60));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", leader.schedulerPort())
                .usePlaintext()
                .build();
        scheduler = SchedulerServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws Exception {
        if (worker != null) {
            worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        channel.shutdownNow();
        leader.close();
    }

    @Test
    void runsTasksWithTheSleepHandlerAndHandsBackUnfinishedWorkOnSigterm() throws Exception {
        Path log = dir.resolve("worker.log");
        String leaderAddress = "127.0.0.1:" + leader.clusterPort();
        int httpPort = FreePorts.next();
        worker = CliProcess.builder(
                        Map.of(),
                        List.of(
                                "worker",
                                "--leader",
                                leaderAddress,
                                "--id",
                                "cli-worker-1",
                                "--slots",
                                "2",
                                "--shutdown-grace",
                                "1s",
                                "--http-port",
                                "" + httpPort))
                .redirectError(log.toFile())
                .start();
        assertThat(firstLine(worker))
                .isEqualTo("workcluster worker cli-worker-1 running: transport stream, 2 slots, " + "leader "
                        + leaderAddress + ", handler sleep, metrics on http://0.0.0.0:" + httpPort + "/metrics");

        schedule("quick", "sleep 100ms");
        schedule("broken", "fail-permanently bad input");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(task("quick"))
                    .returns(TaskStatus.TASK_STATUS_COMPLETED, Task::getStatus)
                    .returns("slept 100ms", Task::getResult)
                    .returns("cli-worker-1", Task::getWorkerId);
            assertThat(task("broken"))
                    .returns(TaskStatus.TASK_STATUS_ERROR, Task::getStatus)
                    .returns("bad input", Task::getError)
                    .returns(1, Task::getAttempt);
        });

        PrometheusText metrics = PrometheusText.scrape("http://127.0.0.1:" + httpPort + "/metrics");
        assertThat(metrics.value("workcluster_worker_task_seconds_count{outcome=\"success\"}"))
                .isEqualTo(1);
        assertThat(metrics.value("workcluster_worker_task_failures_total{retryable=\"false\"}"))
                .isEqualTo(1);
        assertThat(metrics.names()).contains("jvm_memory_used_bytes");

        schedule("long", "sleep 10m");
        await().atMost(Duration.ofSeconds(30)).until(() -> task("long").getStatus() == TaskStatus.TASK_STATUS_RUNNING);
        worker.destroy(); // SIGTERM: drain, give the long task 1 s, hand it back, leave

        assertThat(worker.waitFor(30, TimeUnit.SECONDS))
                .as("worker stopped within 30 s")
                .isTrue();
        assertThat(Files.readString(log)).contains("event=worker_stopped");
        assertThat(task("long").getStatus()).as("handed back, not lost").isEqualTo(TaskStatus.TASK_STATUS_PENDING);
    }

    private void schedule(String id, String payload) {
        scheduler
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload(payload))
                        .build());
    }

    private Task task(String id) {
        return scheduler
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getTasks(GetTasksRequest.getDefaultInstance())
                .getTasksList()
                .stream()
                .filter(t -> t.getId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static String firstLine(Process process) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return line.get(60, TimeUnit.SECONDS);
    }
}
