package dev.workcluster.bench.chaos;

import static dev.workcluster.bench.chaos.HistoryFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.bench.chaos.FaultEvent.Fault;
import dev.workcluster.bench.chaos.FinalTask.Status;
import dev.workcluster.bench.chaos.RunEvent.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a violation shows: its task's lines and the nearby faults by time, and how the verdict is reported. */
class HistoryWindowTest {
    @TempDir
    Path dir;

    private ChaosVerdict overlapBesideAnotherTask() throws Exception {
        FinalTask a = task("a", Status.COMPLETED, 2, "w2", 6.1);
        FinalTask b = task("b", Status.COMPLETED, 1, "w1", 3);
        return new HistoryFixture(dir)
                .acknowledged("a", 0)
                .acknowledged("b", 0.5)
                .fault(Fault.PARTITION, "n1,w1|n2,n3", -10)
                .run("w1", 100, "a", 1, 1, 1, 5, Result.INTERRUPTED)
                .run("w1", 100, "b", 1, 1, 2, 2.9, Result.OK)
                .fault(Fault.PAUSE, "w3", 2) // another worker: w1's run executes throughout
                .run("w2", 200, "a", 2, 2, 3, 6, Result.OK)
                .fault(Fault.RESUME, "w3", 4.5)
                .fault(Fault.KILL, "n2", 30)
                .everyNode(a, b)
                .check();
    }

    @Test
    void theWindowHoldsTheTasksLinesAndTheFaultsWithinFiveSecondsByTimeThenTheNodesRecords() throws Exception {
        Violation overlap = overlapBesideAnotherTask().violations().get(0);

        String record = "{\"id\":\"a\",\"status\":\"COMPLETED\",\"attempt\":2,\"assignment\":2,\"worker\":\"w2\","
                + "\"finished_at\":" + HistoryFixture.at(6.1) + "}";
        assertThat(overlap.window())
                .containsExactly(
                        "00:00:00.000 client.jsonl {\"t\":1764633600000,\"op\":\"schedule\",\"phase\":\"invoke\","
                                + "\"task\":\"a\"}",
                        "00:00:00.010 client.jsonl {\"t\":1764633600010,\"op\":\"schedule\",\"phase\":\"ok\",\"task\":\"a\"}",
                        "00:00:01.000 runs-w1.jsonl {\"t\":1764633601000,\"event\":\"start\",\"worker\":\"w1\",\"pid\":100,"
                                + "\"task\":\"a\",\"attempt\":1,\"assignment\":1}",
                        "00:00:02.000 faults.jsonl {\"t\":1764633602000,\"fault\":\"pause\",\"target\":\"w3\"}",
                        "00:00:03.000 runs-w2.jsonl {\"t\":1764633603000,\"event\":\"start\",\"worker\":\"w2\",\"pid\":200,"
                                + "\"task\":\"a\",\"attempt\":2,\"assignment\":2}",
                        "00:00:04.500 faults.jsonl {\"t\":1764633604500,\"fault\":\"resume\",\"target\":\"w3\"}",
                        "00:00:05.000 runs-w1.jsonl {\"t\":1764633605000,\"event\":\"end\",\"worker\":\"w1\",\"pid\":100,"
                                + "\"task\":\"a\",\"attempt\":1,\"assignment\":1,\"result\":\"interrupted\"}",
                        "00:00:06.000 runs-w2.jsonl {\"t\":1764633606000,\"event\":\"end\",\"worker\":\"w2\",\"pid\":200,"
                                + "\"task\":\"a\",\"attempt\":2,\"assignment\":2,\"result\":\"ok\"}",
                        "final-n1.json " + record,
                        "final-n2.json " + record,
                        "final-n3.json " + record,
                        "restarted-n1.json " + record,
                        "restarted-n2.json " + record,
                        "restarted-n3.json " + record);
    }

    @Test
    void theReportCarriesTheIssuesFieldNamesAndTheFirstViolations() throws Exception {
        ChaosVerdict verdict = overlapBesideAnotherTask();

        Map<String, Object> fields = verdict.reportFields();

        assertThat(fields.keySet())
                .containsExactly(
                        "acknowledged",
                        "completed",
                        "lost",
                        "stuck",
                        "overlapping_runs",
                        "overlaps_across_pauses",
                        "double_completions",
                        "reruns",
                        "nodes_agree",
                        "violations",
                        "runs",
                        "by_status",
                        "violation_types",
                        "first_violations");
        assertThat(fields)
                .containsEntry("acknowledged", 2L)
                .containsEntry("completed", 2L)
                .containsEntry("overlapping_runs", 1L)
                .containsEntry("reruns", 1L)
                .containsEntry("nodes_agree", true)
                .containsEntry("violations", 1L)
                .containsEntry("by_status", Map.of("COMPLETED", 2L))
                .containsEntry("violation_types", Map.of("overlapping_runs", 1L));
        assertThat((List<?>) fields.get("first_violations"))
                .singleElement()
                .asString()
                .startsWith("overlapping_runs a: run attempt 1");
    }

    @Test
    void theSummaryPrintsTheFiguresThenEachViolationWithItsWindow() throws Exception {
        String summary = overlapBesideAnotherTask().summary(20);

        assertThat(summary)
                .contains(
                        "acknowledged            2\n",
                        "nodes_agree             true\n",
                        "\nviolation 1 of 1: overlapping_runs a: run attempt 1",
                        "\n  00:00:02.000 faults.jsonl {\"t\":1764633602000,\"fault\":\"pause\",\"target\":\"w3\"}\n")
                .endsWith("verdict: FAIL, 1 violation(s)\n")
                .doesNotContain("first_violations", "\"task\":\"b\"");
    }

    @Test
    void onlyTheFirstHundredViolationsCarryAWindow() throws Exception {
        HistoryFixture history = new HistoryFixture(dir);
        for (int i = 0; i < 101; i++) {
            history.acknowledged(String.format("t%03d", i), i);
        }

        List<Violation> lost = history.everyNode().check().violations();

        assertThat(lost).hasSize(101).allMatch(violation -> violation.type() == Violation.Type.LOST);
        assertThat(lost.get(99).task()).isEqualTo("t099");
        assertThat(lost.get(99).window()).hasSize(2);
        assertThat(lost.get(100).window()).isEmpty();
    }

    @Test
    void aCleanHistorySummaryPasses() throws Exception {
        String summary = new HistoryFixture(dir)
                .acknowledged("a", 0)
                .run("w1", 1, "a", 1, 1, 1, 2, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 1, "w1", 2.1))
                .check()
                .summary(20);

        assertThat(summary).contains("violations              0\n").endsWith("verdict: PASS, no violations\n");
    }
}
