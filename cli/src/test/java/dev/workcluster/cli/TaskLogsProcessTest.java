package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.JvmLaunch;
import dev.workcluster.testkit.LeaderProcess;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One task's story in the logs of a {@code workcluster leader} and a {@code workcluster worker} process at
 * DEBUG: grepping both for its {@code task_id} finds every step in order, each line with its attempt and
 * assignment; and with {@code --log-format json} (or its environment variable) every stderr line is a JSON
 * object whose task lines carry those as fields of their own.
 */
class TaskLogsProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern EVENT = Pattern.compile("^(\\S+) level=\\S+ logger=\\S+ event=(\\S+) (.*)$");

    @TempDir
    Path dir;

    @Test
    void grepForATaskIdTellsItsStoryAcrossLeaderAndWorker() throws Exception {
        try (Cluster cluster = Cluster.start(dir, List.of(), Map.of())) {
            cluster.runToCompletion("story-1");

            List<String> leader = cluster.awaitLeaderLines("story-1", "task_ended");
            List<String> worker = cluster.awaitWorkerLines("story-1", "task_finished");
            assertThat(events(leader))
                    .containsExactly("task_scheduled", "task_assigned", "task_outcome_committed", "task_ended");
            assertThat(events(worker)).containsExactly("task_started", "task_finished");
            assertThat(leader.get(0)).endsWith("event=task_scheduled task_id=story-1 attempt=1");
            assertThat(leader.subList(1, leader.size()))
                    .allSatisfy(line -> assertThat(line).contains("task_id=story-1 attempt=1 assignment=1"));
            assertThat(worker).allSatisfy(line -> assertThat(line).contains("task_id=story-1 attempt=1 assignment=1"));
            assertThat(leader.get(3)).endsWith("status=COMPLETED");
            assertThat(worker.get(1)).contains("success=true");
            // across the two processes: assigned <= started <= finished <= outcome committed (one clock, ms)
            assertThat(List.of(time(leader.get(1)), time(worker.get(0)), time(worker.get(1)), time(leader.get(2))))
                    .isSorted();
        }
    }

    @Test
    void jsonFormatWritesOneObjectPerLineWithTheTaskFieldsAsFields() throws Exception {
        try (Cluster cluster =
                Cluster.start(dir, List.of("--log-format", "json"), Map.of("WORKCLUSTER_LOG_FORMAT", "json"))) {
            cluster.runToCompletion("json-1");
            cluster.awaitLog(cluster.leaderLog, "\"task_id\":\"json-1\"", "event=task_ended");
            cluster.awaitLog(cluster.workerLog, "\"task_id\":\"json-1\"", "event=task_finished");

            for (Path log : List.of(cluster.leaderLog, cluster.workerLog)) {
                List<String> lines = Files.readAllLines(log);
                assertThat(lines).as(log.toString()).isNotEmpty();
                List<JsonObject> objects =
                        lines.stream().map(TaskLogsProcessTest::parse).toList();
                List<JsonObject> taskLines = objects.stream()
                        .filter(o -> "json-1".equals(fields(o).get("task_id")))
                        .toList();
                assertThat(taskLines).as(log.toString()).isNotEmpty().allSatisfy(line -> {
                    assertThat(line.get("formattedMessage").getAsString()).contains("task_id=json-1 attempt=1");
                    assertThat(fields(line)).containsEntry("attempt", "1");
                });
                assertThat(taskLines)
                        .filteredOn(
                                o -> !o.get("formattedMessage").getAsString().contains("event=task_scheduled"))
                        .allSatisfy(line -> assertThat(fields(line)).containsEntry("assignment", "1"));
            }
        }
    }

    private static JsonObject parse(String line) {
        JsonElement parsed = JsonParser.parseString(line);
        assertThat(parsed.isJsonObject()).as(line).isTrue();
        return parsed.getAsJsonObject();
    }

    /** logback's JsonEncoder writes key-value pairs as a list of one-field objects. */
    private static Map<String, String> fields(JsonObject line) {
        Map<String, String> fields = new HashMap<>();
        if (line.has("kvpList")) {
            line.getAsJsonArray("kvpList")
                    .forEach(pair -> pair.getAsJsonObject()
                            .entrySet()
                            .forEach(e -> fields.put(e.getKey(), e.getValue().getAsString())));
        }
        return fields;
    }

    private static List<String> events(List<String> lines) {
        return lines.stream().map(line -> matcher(line).group(2)).toList();
    }

    private static String time(String line) {
        return matcher(line).group(1);
    }

    private static Matcher matcher(String line) {
        Matcher matcher = EVENT.matcher(line);
        assertThat(matcher.matches()).as(line).isTrue();
        return matcher;
    }

    /** A leader and a worker process at DEBUG; both are stopped on close, whatever happened. */
    private static final class Cluster implements AutoCloseable {
        private final LeaderProcess leader;
        private final Path leaderLog;
        private final Path workerLog;
        private Process worker;
        private ManagedChannel channel;

        /** LeaderProcess appends the leader's stderr to {@code NAME.log} in its directory. */
        private Cluster(LeaderProcess leader, Path dir) {
            this.leader = leader;
            this.leaderLog = dir.resolve("leader.log");
            this.workerLog = dir.resolve("worker.log");
        }

        /**
         * {@code leaderFlags} go to the leader's command line; {@code workerEnv} to the worker's environment.
         * The leader gets DEBUG from the system property logback.xml reads first, the worker from
         * WORKCLUSTER_LOG_LEVEL: a JvmLaunch sets no environment.
         */
        static Cluster start(Path dir, List<String> leaderFlags, Map<String, String> workerEnv) throws Exception {
            int port = FreePorts.next();
            int rpcPort = FreePorts.next();
            List<String> args = new ArrayList<>(List.of(
                    "leader",
                    "--data-dir",
                    dir.resolve("data").toString(),
                    "--port",
                    "" + port,
                    "--rpc-port",
                    "" + rpcPort,
                    "--raft-port",
                    "" + FreePorts.next(),
                    "--bind",
                    "127.0.0.1"));
            args.addAll(leaderFlags);
            LeaderProcess leader = LeaderProcess.start(
                    dir,
                    "leader",
                    JvmLaunch.of(Main.class.getName(), args).withJvmOptions(List.of("-DWORKCLUSTER_LOG_LEVEL=DEBUG")));
            Cluster cluster = new Cluster(leader, dir);
            try {
                leader.awaitReady(WAIT);
                Map<String, String> env = new HashMap<>(workerEnv);
                env.put("WORKCLUSTER_LOG_LEVEL", "DEBUG");
                cluster.worker = CliProcess.builder(
                                env, List.of("worker", "--leader", "127.0.0.1:" + port, "--id", "story-worker"))
                        .redirectError(cluster.workerLog.toFile())
                        .start();
                assertThat(firstLine(cluster.worker)).startsWith("workcluster worker story-worker running");
                cluster.channel = NettyChannelBuilder.forAddress("127.0.0.1", rpcPort)
                        .usePlaintext()
                        .build();
                return cluster;
            } catch (Exception | AssertionError e) {
                cluster.close();
                throw e;
            }
        }

        /** Schedules the task (it sleeps 50 ms on the worker) and waits until the leader says COMPLETED. */
        void runToCompletion(String taskId) {
            SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler = SchedulerServiceGrpc.newBlockingStub(channel);
            scheduler
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .scheduleTask(ScheduleTaskRequest.newBuilder()
                            .setTask(Task.newBuilder().setId(taskId).setPayload("sleep 50ms"))
                            .build());
            await().atMost(WAIT)
                    .until(() -> scheduler
                                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                                    .getTasks(GetTasksRequest.getDefaultInstance())
                                    .getTasksList()
                                    .stream()
                                    .filter(t -> t.getId().equals(taskId))
                                    .findFirst()
                                    .map(Task::getStatus)
                                    .orElse(null)
                            == TaskStatus.TASK_STATUS_COMPLETED);
        }

        List<String> awaitLeaderLines(String taskId, String lastEvent) {
            return awaitLog(leaderLog, "task_id=" + taskId + " ", "event=" + lastEvent);
        }

        List<String> awaitWorkerLines(String taskId, String lastEvent) {
            return awaitLog(workerLog, "task_id=" + taskId + " ", "event=" + lastEvent);
        }

        /**
         * The log's lines that contain {@code grep} (as {@code grep -F} finds them), once one of them also
         * contains {@code last}: a log line may land a moment after the state that it describes is visible.
         */
        List<String> awaitLog(Path log, String grep, String last) {
            List<List<String>> found = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                List<String> lines = Files.readAllLines(log).stream()
                        .filter(line -> (line + " ").contains(grep))
                        .toList();
                found.add(lines);
                return lines.stream().anyMatch(line -> line.contains(last));
            });
            return found.get(found.size() - 1);
        }

        @Override
        public void close() throws InterruptedException {
            try {
                if (channel != null) {
                    channel.shutdownNow();
                }
                if (worker != null) {
                    worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } finally {
                leader.close();
            }
        }

        private static String firstLine(Process process) throws Exception {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return line.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
