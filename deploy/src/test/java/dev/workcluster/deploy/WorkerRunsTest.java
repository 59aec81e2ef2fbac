package dev.workcluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerRunsTest {
    private static final Instant GONE = Instant.parse("2026-12-02T10:00:10Z");

    @Test
    void runsOfOneTaskOnTwoWorkersThatOverlapAreReported() {
        WorkerRuns runs = new WorkerRuns();
        runs.add("w1", started("01.000", "t1", 1) + finished("03.000", "t1", 1), GONE);
        runs.add("w2", started("02.500", "t1", 2) + finished("04.000", "t1", 2), GONE);

        assertThat(runs.all()).hasSize(2);
        assertThat(runs.overlaps()).singleElement().asString().contains("w1", "w2", "t1");
    }

    @Test
    void aRunThatEndsBeforeTheNextStartsIsNoOverlapAndOtherLinesAreIgnored() {
        WorkerRuns runs = new WorkerRuns();
        runs.add("w1", started("01.000", "t1", 1) + "noise\n" + finished("02.000", "t1", 1), GONE);
        runs.add("w2", started("02.001", "t1", 2) + finished("03.000", "t1", 2), GONE);

        assertThat(runs.overlaps()).isEmpty();
    }

    @Test
    void aRunWithoutAnEndLastsUntilItsProcessWasGone() {
        WorkerRuns runs = new WorkerRuns();
        runs.add("w1", started("01.000", "t1", 1), GONE);
        runs.add("w2", started("09.000", "t1", 2) + finished("09.500", "t1", 2), GONE);

        assertThat(runs.overlaps()).hasSize(1);
    }

    private static String started(String second, String task, int attempt) {
        return line(second, "task_started", task, attempt);
    }

    private static String finished(String second, String task, int attempt) {
        return line(second, "task_finished", task, attempt).replace("\n", " success=true millis=1\n");
    }

    private static String line(String second, String event, String task, int attempt) {
        return "2026-12-02T10:00:" + second + "Z level=DEBUG logger=TaskRunner event=" + event + " task_id=" + task
                + " attempt=" + attempt + " assignment=" + attempt + "\n";
    }
}
