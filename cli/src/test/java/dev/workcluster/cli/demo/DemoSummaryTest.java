package dev.workcluster.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary's numbers, and that anything not as planned makes the demo fail. */
class DemoSummaryTest {
    final DemoPlan plan = DemoPlan.of(10);

    /** Every task as planned: task i waited i * 100 ms and ran on w(i % 3 + 1). */
    Map<String, Task> asPlanned() {
        Map<String, Task> finals = new HashMap<>();
        int i = 0;
        for (DemoPlan.Planned planned : plan.tasks()) {
            i++;
            TaskStatus status = planned.expect() == DemoPlan.Expect.CANCELLED_WHILE_RUNNING
                    ? TaskStatus.TASK_STATUS_CANCELLED
                    : TaskStatus.TASK_STATUS_COMPLETED;
            finals.put(
                    planned.id(),
                    Task.newBuilder()
                            .setId(planned.id())
                            .setPriority(planned.priority())
                            .setStatus(status)
                            .setAttempt(planned.expect() == DemoPlan.Expect.RETRIED_THEN_COMPLETED ? 2 : 1)
                            .setMaxAttempts(3)
                            .setWorkerId("w" + (i % 3 + 1))
                            .setCreatedAt(at(0))
                            .setStartedAt(at(i * 100L))
                            .setFinishedAt(at(i * 100L + 1_500))
                            .build());
        }
        return finals;
    }

    static Timestamp at(long millis) {
        return Timestamp.newBuilder()
                .setSeconds(millis / 1000)
                .setNanos((int) (millis % 1000) * 1_000_000)
                .build();
    }

    @Test
    void thePlanMixesPrioritiesFlakyTasksAndOneLongTask() {
        assertThat(plan.size()).isEqualTo(10);
        assertThat(plan.tasks().get(0).id()).isEqualTo(DemoPlan.LONG_TASK);
        assertThat(plan.count(DemoPlan.Expect.RETRIED_THEN_COMPLETED)).isEqualTo(2);
        assertThat(plan.tasks())
                .extracting(DemoPlan.Planned::priority)
                .contains(
                        TaskPriority.TASK_PRIORITY_HIGH,
                        TaskPriority.TASK_PRIORITY_MEDIUM,
                        TaskPriority.TASK_PRIORITY_LOW);
        assertThat(plan.tasks())
                .extracting(DemoPlan.Planned::id)
                .doesNotHaveDuplicates()
                .contains("demo-1", "demo-2-flaky", "demo-9-flaky");
    }

    @Test
    void aRunAsPlannedIsOkAndReportsTheNumbers() {
        DemoSummary summary = DemoSummary.of(plan, asPlanned(), List.of(), Duration.ofMillis(8_420));
        StringWriter text = new StringWriter();
        summary.print(new PrintWriter(text));

        assertThat(summary.ok()).isTrue();
        assertThat(text.toString())
                .contains("  tasks      10 scheduled: 9 completed, 1 cancelled, 0 error\n")
                .contains("  workers    w1 ran 3, w2 ran 4, w3 ran 3\n")
                .contains("  latency    schedule → start p50 500ms, p95 1.0s, max 1.0s (p50 by priority: ")
                .contains("  retries    2 (2 of 2 flaky tasks failed their first attempt and ran again)\n")
                .contains("  cancelled  demo-long, while running on w2 after 1.5s\n")
                .contains("  wall time  8.4s")
                .contains("OK: every task ended as planned");
    }

    @Test
    void aTaskNotInItsPlannedStateMakesItNotOk() {
        Map<String, Task> finals = asPlanned();
        finals.put(
                "demo-2-flaky",
                finals.get("demo-2-flaky").toBuilder().setAttempt(1).build());
        finals.put(
                "demo-3",
                finals.get("demo-3").toBuilder()
                        .setStatus(TaskStatus.TASK_STATUS_ERROR)
                        .setError("boom")
                        .build());
        finals.remove("demo-4");
        StringWriter text = new StringWriter();

        DemoSummary summary =
                DemoSummary.of(plan, finals, List.of("stopping the cluster failed: x"), Duration.ofSeconds(9));
        summary.print(new PrintWriter(text));

        assertThat(summary.ok()).isFalse();
        assertThat(summary.problems())
                .containsExactly(
                        "stopping the cluster failed: x",
                        "demo-2-flaky: expected completed after a retry, but it is completed at attempt 1/3",
                        "demo-3: expected completed, but it is error at attempt 1/3 (boom)",
                        "demo-4: expected completed, but the leader does not know it");
        assertThat(text.toString())
                .contains("7 completed, 1 cancelled, 1 error, 1 unknown")
                .contains("NOT OK:\n  - stopping");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(DemoSummary.percentile(sorted, 50)).isEqualTo(5);
        assertThat(DemoSummary.percentile(sorted, 95)).isEqualTo(10);
        assertThat(DemoSummary.percentile(new long[] {42}, 95)).isEqualTo(42);
    }
}
