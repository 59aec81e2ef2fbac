package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in chromium with 100,000 tasks: it shows a page of them quickly, pages, and stays
 * responsive (and within one page of rows) while they all change, thousands a second.
 */
class DashboardLoadBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
    private static final Path SCREENSHOT = Path.of("target/dashboard-load.png").toAbsolutePath();
    private static final int TASKS = 100_000;
    /** ScheduleTasks takes at most this many in one call. */
    private static final int BATCH = 10_000;

    private final int httpPort = FreePorts.next();
    private EmbeddedCluster cluster;

    @AfterEach
    void stop() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void staysResponsiveWithAHundredThousandTasksChanging() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("chromium is not installed, and this test drives the dashboard in it: install it"
                    + " (apt-get install chromium, as .ci/run does); looked for " + CHROMIUM);
        }
        BrowserScript.requireNode();
        BrowserScript.installOnce(SCRIPTS);
        cluster = EmbeddedCluster.start("dashboard-load", config -> config.withHttpPort(httpPort));
        for (int from = 0; from < TASKS; from += BATCH) {
            ScheduleTasksRequest.Builder batch = ScheduleTasksRequest.newBuilder();
            for (int i = from; i < from + BATCH; i++) {
                batch.addTasks(
                        Task.newBuilder().setId(String.format("load-%06d", i)).setPayload("no-op"));
            }
            cluster.tasks().scheduler().scheduleTasks(batch.build());
        }
        try (BrowserScript browser = BrowserScript.start(
                SCRIPTS,
                "dashboard-load.mjs",
                "http://127.0.0.1:" + httpPort + "/",
                String.valueOf(TASKS),
                SCREENSHOT.toString())) {
            browser.expect("PAGED");
            browser.expect("READY");
            for (String id : new String[] {"w1", "w2"}) {
                cluster.startWorker(WorkerOptions.newBuilder().setWorkerId(id).setSlots(64), context -> "ok");
            }
            browser.send("GO");
            browser.expect("DONE");
            assertThat(browser.exitCode()).isZero();
        }
    }
}
