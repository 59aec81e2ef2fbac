package dev.workcluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.TemporaryDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image run for real with podman, as ECS would run it: a leader container and a worker
 * container sharing one network namespace (as containers of one awsvpc task do), the label's
 * health check command, work through the command line inside the image, and stops by SIGTERM
 * with a timeout after which SIGKILL would follow.
 */
class ImageRunTest {
    private static final String SUFFIX = Long.toString(ProcessHandle.current().pid());
    private static final String LEADER = "wc-image-leader-" + SUFFIX;
    private static final String WORKER = "wc-image-worker-" + SUFFIX;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Podman podman = Podman.onThisMachine();
    private static String image;
    private static List<String> cli;
    private static List<String> healthCheck;

    @BeforeAll
    static void startLeaderAndWorker() throws Exception {
        Path dir = TemporaryDirectories.create("image-run");
        List<String> check;
        try {
            check = ImageTarball.built(dir).healthCheck();
        } finally {
            TemporaryDirectories.delete(dir);
        }
        image = podman.load(Path.of(System.getProperty("image.tar")));
        healthCheck = check.subList(1, check.size()); // without Docker's "CMD"
        // The health check's JVM and class path, ending in the command line's main class.
        cli = healthCheck.subList(0, healthCheck.indexOf("health"));

        // No network but loopback: the default ports cannot clash with anything on the host.
        podman.start(LEADER, List.of("--network", "none"), image, List.of());
        podman.start(
                WORKER,
                List.of("--network", "container:" + LEADER, "--env", "WORKCLUSTER_SHUTDOWN_GRACE=1s"),
                image,
                List.of("worker", "--id", "image-worker", "--slots", "2"));
    }

    @AfterAll
    static void removeEverything() throws Exception {
        podman.remove(List.of(WORKER, LEADER), image);
    }

    @Test
    void servesHealthRunsWorkAndStopsGracefullyOnSigterm() throws Exception {
        Podman.Result health = awaitHealthy();
        assertThat(health.output()).contains("SERVING");

        assertThat(cli("schedule", "--id", "quick", "--wait", "--wait-timeout", "30s", "sleep 10ms"))
                .as("a task scheduled inside the image runs on the worker container")
                .returns(0, Podman.Result::exitCode)
                .extracting(Podman.Result::output)
                .asString()
                .contains("slept 10ms");

        assertThat(cli("schedule", "--id", "long", "sleep 10m").exitCode()).isZero();
        awaitStatus("long", "RUNNING");
        int workerExit = podman.stop(WORKER, STOP_TIMEOUT);
        assertThat(workerExit).as("the worker left on SIGTERM, not SIGKILL").isNotEqualTo(137);
        assertThat(podman.logs(WORKER)).contains("event=worker_stopped");
        awaitStatus("long", "PENDING");

        int leaderExit = podman.stop(LEADER, STOP_TIMEOUT);
        assertThat(leaderExit).as("the leader left on SIGTERM, not SIGKILL").isEqualTo(143);
        assertThat(podman.logs(LEADER)).contains("event=leader_stopped");
    }

    private static Podman.Result awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Podman.Result result = podman.exec(LEADER, healthCheck);
            if (result.exitCode() == 0 || System.nanoTime() > deadline) {
                return result;
            }
        }
    }

    private static void awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = cli("task", "-o", "json", id).output();
            if (last.contains("\"status\": \"TASK_STATUS_" + status + "\"")) {
                return;
            }
        }
        throw new AssertionError("task " + id + " not " + status + " within 60 s; last: " + last);
    }

    private static Podman.Result cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(cli);
        command.addAll(List.of(args));
        return podman.exec(LEADER, command);
    }
}
