package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.workcluster.cli.CliRun;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser (Debian's headless chromium driven by Playwright, from
 * {@code src/test/browser}) against a leader with two library workers: the page loads, shows
 * members and counts, follows a task scheduled through the CLI to COMPLETED without a reload,
 * filters, finds a task by id, shows its result, schedules and cancels, draws its charts.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
    private static final Path SCREENSHOT = Path.of("target/dashboard.png").toAbsolutePath();
    private static final String TASK = "from-the-cli";
    private static final int COMPLETED = 40;
    private static final int ERRORS = 5;

    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final int httpPort = FreePorts.next();
    private EmbeddedCluster cluster;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("chromium is not installed, and this test drives the dashboard in it: install it"
                    + " (apt-get install chromium, as .ci/run does); looked for " + CHROMIUM);
        }
        BrowserScript.requireNode();
        BrowserScript.installOnce(SCRIPTS);
        cluster = EmbeddedCluster.start("dashboard-browser", config -> config.withHttpPort(httpPort));
        TaskHandler handler = context -> {
            String id = context.taskId();
            if (id.startsWith("fail-")) {
                throw new NonRetryableTaskException("fails on purpose");
            }
            if (id.equals(TASK) && !released.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released " + id);
            }
            // Runs until the page cancels it (the wait is only how often the handler looks).
            while (id.startsWith("page-") && !context.isCancelled() && !finished.await(50, TimeUnit.MILLISECONDS)) {
                context.throwIfCancelled();
            }
            context.throwIfCancelled();
            return "done " + id;
        };
        cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(2), handler);
        cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("w2").setSlots(2), handler);
        for (int i = 0; i < COMPLETED; i++) {
            cluster.tasks().schedule(String.format("bg-%02d", i), "background work " + i);
        }
        for (int i = 0; i < ERRORS; i++) {
            cluster.tasks().schedule("fail-" + i, "work that fails");
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.tasks().count(TaskStatus.TASK_STATUS_COMPLETED) == COMPLETED
                        && cluster.tasks().count(TaskStatus.TASK_STATUS_ERROR) == ERRORS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        released.countDown();
        finished.countDown();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void followsTasksLiveFiltersFindsActsAndDraws() throws Exception {
        Files.deleteIfExists(SCREENSHOT);
        try (BrowserScript browser = BrowserScript.start(
                SCRIPTS,
                "dashboard.mjs",
                "http://127.0.0.1:" + httpPort + "/",
                SCREENSHOT.toString(),
                TASK,
                String.valueOf(COMPLETED),
                String.valueOf(ERRORS))) {
            browser.expect("LOADED");
            browser.expect("MEMBERS");
            browser.expect("COUNTS");
            browser.expect("LIVE");
            browser.expect("READY");

            CliRun schedule = CliRun.of("schedule", "--leader", cluster.address(), "--id", TASK, "hello from the CLI");
            assertThat(schedule.exit()).as(schedule.err()).isZero();
            browser.expect("SEEN RUNNING");
            released.countDown();
            browser.send("RELEASED");
            browser.expect("SEEN COMPLETED");
            browser.expect("FILTERED");
            browser.expect("DETAIL");
            browser.expect("ACTIONS");
            browser.expect("CHARTS");
            browser.expect("DONE");
            assertThat(browser.exitCode()).isZero();
        }
        assertThat(SCREENSHOT).isNotEmptyFile();
        assertThat(cluster.tasks().get("page-1").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
    }
}
