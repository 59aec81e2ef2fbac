package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import dev.workcluster.cli.CliRun;
import dev.workcluster.cli.watch.LiveOutput;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code watch} against a real leader whose one worker slot is held by a blocked task, so
 * that a newly scheduled task stays pending and each live change is exactly one event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchCommandTest {
    static final String TIME = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
    EmbeddedCluster cluster;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    void start() throws Exception {
        cluster = EmbeddedCluster.start("cli-watch", c -> c);
        cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(1), context -> {
            if (context.payload().equals("block")) {
                release.await(30, TimeUnit.SECONDS);
            }
            return "ok";
        });
        cluster.tasks().schedule("done", "quick");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster.tasks().get("done").getStatus() == TaskStatus.TASK_STATUS_COMPLETED);
        cluster.tasks().schedule("busy", "block");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster.tasks().get("busy").getStatus() == TaskStatus.TASK_STATUS_RUNNING);
    }

    @AfterAll
    void stop() throws Exception {
        release.countDown();
        cluster.close();
    }

    String leaderFlag() {
        return "--leader=" + cluster.address();
    }

    /** Once the watch has its snapshot: a task that is scheduled (pending: no free slot), then cancelled. */
    void pendingThenCancelled(WatchRun run, String marker, String id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> run.out().contains(marker));
        cluster.tasks().schedule(id, "quick");
        cluster.tasks().cancel(id);
    }

    @Test
    void plainLinesShowTheCurrentStateThenCountChangesAndExit() throws Exception {
        WatchRun run = WatchRun.start("watch", leaderFlag(), "--no-live", "--count", "2");
        pendingThenCancelled(run, "snapshot complete", "queued-1");

        assertThat(run.awaitExit()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).allMatch(line -> line.matches(TIME + " .+"));
        assertThat(run.out())
                .containsPattern("member w1 alive, busy 1/1\n")
                .containsPattern("task done completed on w1 attempt 1/3 after \\S+: ok\n")
                .containsPattern("task busy running on w1 attempt 1/3\n")
                .containsPattern("snapshot complete: 1 member, \\d+ tasks; live changes follow\n");
        assertThat(lines.subList(lines.size() - 2, lines.size()))
                .satisfiesExactly(
                        pending -> assertThat(pending).endsWith(" task queued-1 pending (unspecified) attempt 1/3"),
                        cancelled -> assertThat(cancelled).endsWith(" task queued-1 cancelled attempt 1/3"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonIsOneWatchTasksResponsePerLine() throws Exception {
        WatchRun run = WatchRun.start("watch", leaderFlag(), "-o", "json", "--count", "2");
        pendingThenCancelled(run, "snapshot_complete", "queued-2");

        assertThat(run.awaitExit()).isZero();
        List<WatchTasksResponse> events = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            assertThat(line).startsWith("{").endsWith("}");
            WatchTasksResponse.Builder event = WatchTasksResponse.newBuilder();
            JsonFormat.parser().merge(line, event);
            events.add(event.build());
        }
        int complete = events.indexOf(events.stream()
                .filter(WatchTasksResponse::hasSnapshotComplete)
                .findFirst()
                .orElseThrow());
        List<WatchTasksResponse> snapshot = events.subList(0, complete);
        assertThat(snapshot)
                .anySatisfy(e -> assertThat(e.getMember().getSlotsUsed()).isEqualTo(1));
        assertThat(snapshot).anySatisfy(e -> assertThat(e.getTask().getId()).isEqualTo("busy"));
        assertThat(events.subList(complete + 1, events.size()))
                .extracting(e -> e.getTask().getId() + " " + e.getTask().getStatus())
                .containsExactly("queued-2 TASK_STATUS_PENDING", "queued-2 TASK_STATUS_CANCELLED");
        assertThat(run.out()).contains("\"running_task_ids\":[\"busy\"]");
    }

    @Test
    void statusFilterShowsOnlyTasksInThoseStatusesButEveryMember() throws Exception {
        WatchRun run = WatchRun.start("watch", leaderFlag(), "--no-live", "--status", "cancelled", "--count", "1");
        pendingThenCancelled(run, "snapshot complete", "queued-3");

        assertThat(run.awaitExit()).isZero();
        assertThat(run.out())
                .contains("member w1 alive, busy 1/1")
                .endsWith("task queued-3 cancelled attempt 1/3\n")
                .doesNotContain("task busy")
                .doesNotContain("task done")
                .doesNotContain("queued-3 pending");
    }

    @Test
    void liveViewRedrawsInPlace() throws Exception {
        WatchRun run = WatchRun.start("watch", leaderFlag(), "--live", "--count", "1");
        await().atMost(Duration.ofSeconds(10)).until(() -> run.out().contains("RECENT TASKS"));
        cluster.tasks().schedule("queued-4", "quick");

        assertThat(run.awaitExit()).isZero();
        cluster.tasks().cancel("queued-4");
        String out = run.out();
        assertThat(out)
                .startsWith(LiveOutput.CLEAR_SCREEN + LiveOutput.HOME)
                .endsWith(LiveOutput.CLEAR_BELOW)
                .contains(LiveOutput.CLEAR_TO_END_OF_LINE);
        String last = out.substring(out.lastIndexOf(LiveOutput.HOME)).replace(LiveOutput.CLEAR_TO_END_OF_LINE, "");
        assertThat(last)
                .contains("workcluster watch · connected to " + cluster.address())
                .containsPattern("tasks: 1 pending · 1 running · \\d+ completed")
                .containsPattern("w1 +stream +alive, busy 1/1 +1/1 +busy")
                .containsPattern("queued-4 +unspecified +pending +- +1/3")
                .contains("Ctrl-C to stop");
    }

    @Test
    void anUnreachableLeaderIsExitCode2WithinTheTimeout() {
        int closedPort = FreePorts.next();
        long start = System.nanoTime();

        CliRun run = CliRun.of("watch", "--leader=127.0.0.1:" + closedPort, "--timeout=2s");

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_500);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip())
                .startsWith("error: cannot reach the leader at 127.0.0.1:" + closedPort + " (")
                .doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badFlagsAreUsageErrors() {
        CliRun count = CliRun.of("watch", leaderFlag(), "--count", "-1");
        assertThat(count.exit()).isEqualTo(2);
        assertThat(count.err()).contains("--count must be 0 or more, got -1");

        CliRun live = CliRun.of("watch", leaderFlag(), "--live", "-o", "json");
        assertThat(live.exit()).isEqualTo(2);
        assertThat(live.err()).contains("cannot be combined with -o json");
    }
}
