package dev.workcluster.bench.chaos;

import static dev.workcluster.bench.chaos.HistoryFixture.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.workcluster.bench.chaos.FaultEvent.Fault;
import dev.workcluster.bench.chaos.FinalTask.Status;
import dev.workcluster.bench.chaos.RunEvent.Result;
import dev.workcluster.bench.chaos.Violation.Type;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One hand-written history per broken promise: the verdict names it, on the right task. */
class HistoryCheckerViolationsTest {
    @TempDir
    Path dir;

    private HistoryFixture history() throws Exception {
        return new HistoryFixture(dir);
    }

    @Test
    void aRunThatGoesOnLongAfterItsWorkerThawsOverlapsTheRunThatReplacedIt() throws Exception {
        ChaosVerdict verdict = new HistoryFixture(dir)
                .acknowledged("a", 0)
                .start("w1", 100, "a", 1, 1, 1)
                .fault(Fault.PAUSE, "w1", 2)
                .fault(Fault.RESUME, "w1", 3)
                .start("w2", 200, "a", 2, 2, 4.5) // the other run starts after the thaw grace ...
                .end("w1", 100, "a", 1, 1, 6, Result.OK) // ... while the thawed run still executes
                .end("w2", 200, "a", 2, 2, 7, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 2, "w2", 7.1))
                .check();

        assertThat(verdict.overlappingRuns()).isEqualTo(1);
        assertThat(verdict.overlapsAcrossPauses()).isZero();
    }

    @Test
    void anAcknowledgedTaskNoNodeKnowsIsLost() throws Exception {
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .acknowledged("b", 0)
                .run("w1", 100, "b", 1, 1, 1, 2, Result.OK)
                .everyNode(task("b", Status.COMPLETED, 1, "w1", 2.1))
                .check();

        assertOnly(verdict, Type.LOST, "a");
        assertThat(verdict.lost()).isEqualTo(1);
        assertThat(verdict.acknowledged()).isEqualTo(2);
        assertThat(verdict.completed()).isEqualTo(1);
        assertThat(verdict.violations().get(0).explanation()).contains("no node's final state has it");
    }

    @Test
    void anAcknowledgedTaskStillPendingOrRunningIsStuck() throws Exception {
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .acknowledged("b", 0)
                .everyNode(task("a", Status.PENDING, 0, "", 0), task("b", Status.RUNNING, 1, "w1", 0))
                .check();

        assertThat(verdict.stuck()).isEqualTo(2);
        assertThat(verdict.violations()).extracting(Violation::task).containsExactly("a", "b");
        assertThat(verdict.byStatus()).isEqualTo(Map.of("PENDING", 1L, "RUNNING", 1L));
    }

    @Test
    void twoRunsOfOneTaskAtOnceOverlapWhateverTheirAttempts() throws Exception {
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .run("w1", 100, "a", 1, 1, 1, 5, Result.INTERRUPTED)
                .run("w2", 200, "a", 2, 2, 3, 6, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 2, "w2", 6.1))
                .check();

        assertOnly(verdict, Type.OVERLAPPING_RUNS, "a");
        assertThat(verdict.overlappingRuns()).isEqualTo(1);
        assertThat(verdict.violations().get(0).explanation())
                .isEqualTo("run attempt 1 assignment 1 on w1 (pid 100) "
                        + "00:00:01.000-00:00:05.000 interrupted overlaps run attempt 2 assignment 2 on w2 (pid 200) "
                        + "00:00:03.000-00:00:06.000 ok");
    }

    @Test
    void aRunWithoutAnEndLastsUntilItsWorkersNextKill() throws Exception {
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .start("w1", 100, "a", 1, 1, 1)
                .fault(Fault.KILL, "w1", 5)
                .run("w2", 200, "a", 2, 2, 4, 6, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 2, "w2", 6.1))
                .check();

        assertOnly(verdict, Type.OVERLAPPING_RUNS, "a");
        assertThat(verdict.violations().get(0).explanation()).contains("00:00:01.000-00:00:05.000 killed");
    }

    @Test
    void aRunOfATerminalTaskThatNeverEndedIsOpenAndOverlapsEveryLaterRun() throws Exception {
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .acknowledged("b", 0)
                .start("w1", 100, "a", 1, 1, 1)
                .start("w1", 100, "b", 1, 1, 1)
                .run("w2", 200, "b", 2, 2, 8, 9, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 1, "w1", 2), task("b", Status.COMPLETED, 2, "w2", 9.1))
                .check();

        assertThat(verdict.violations())
                .extracting(Violation::type, Violation::task)
                .containsExactly(
                        tuple(Type.OPEN_RUN, "a"), tuple(Type.OVERLAPPING_RUNS, "b"), tuple(Type.OPEN_RUN, "b"));
        assertThat(verdict.violations().get(0).explanation()).contains("still open");
    }

    @Test
    void aRunThatStartsAfterItsTaskFinishedIsFlagged() throws Exception {
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .run("w1", 100, "a", 1, 1, 1, 2.9, Result.OK)
                .run("w2", 200, "a", 2, 2, 4, 5, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 1, "w1", 3))
                .check();

        assertOnly(verdict, Type.RUN_AFTER_TERMINAL, "a");
        assertThat(verdict.violations().get(0).explanation())
                .contains("started 1000 ms after the task became " + "COMPLETED");
        assertThat(verdict.reruns()).isEqualTo(1);
    }

    @Test
    void aCancelledTasksRunThatReturnsAResultLongAfterTheCancelWasNotStopped() throws Exception {
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .run("w1", 100, "a", 1, 1, 1, 13.001, Result.ERROR)
                .everyNode(task("a", Status.CANCELLED, 1, "w1", 3))
                .check();

        assertOnly(verdict, Type.CANCEL_NOT_STOPPED, "a");
        assertThat(verdict.violations().get(0).explanation())
                .contains("ended 10001 ms after the task was CANCELLED", "allowed: 10000 ms");
    }

    @Test
    void aCancelledTasksRunStillGoingWhenItsWorkerWasKilledLongAfterWasNotStopped() throws Exception {
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .start("w1", 100, "a", 1, 1, 1)
                .fault(Fault.KILL, "w1", 20)
                .everyNode(task("a", Status.CANCELLED, 1, "w1", 3))
                .check();

        assertOnly(verdict, Type.CANCEL_NOT_STOPPED, "a");
        assertThat(verdict.violations().get(0).explanation())
                .contains("00:00:01.000-00:00:20.000 killed ended " + "17000 ms after");
    }

    @Test
    void oneHandOutThatCompletesTwiceIsADoubleCompletion() throws Exception {
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .run("w1", 100, "a", 1, 1, 1, 2, Result.OK)
                .run("w2", 200, "a", 1, 1, 3, 4, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 1, "w2", 4.1))
                .check();

        assertOnly(verdict, Type.DOUBLE_COMPLETION, "a");
        assertThat(verdict)
                .extracting(ChaosVerdict::doubleCompletions, ChaosVerdict::overlappingRuns)
                .as("double completions, overlapping runs")
                .containsExactly(1L, 0L);
    }

    @Test
    void aTaskThatRanButNoNodeKnowsIsFlagged() throws Exception {
        ChaosVerdict verdict = history()
                .run("w1", 100, "ghost", 1, 1, 1, 2, Result.OK)
                .everyNode()
                .check();

        assertOnly(verdict, Type.UNKNOWN_TASK_RUN, "ghost");
    }

    @Test
    void nodesThatDifferOnStatusOrPresenceDisagree() throws Exception {
        FinalTask done = task("a", Status.COMPLETED, 1, "w1", 2);
        FinalTask other = task("b", Status.COMPLETED, 1, "w1", 2);
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .acknowledged("b", 0)
                .finalState("n1", done, other)
                .restartedState("n1", done, other)
                .finalState("n2", done, other)
                .restartedState("n2", done, other)
                .finalState("n3", task("a", Status.RUNNING, 1, "w1", 0))
                .restartedState("n3", task("a", Status.RUNNING, 1, "w1", 0))
                .check();

        assertThat(verdict.violations()).extracting(Violation::task).containsExactly("a", "b");
        assertThat(verdict.violations()).allMatch(violation -> violation.type() == Type.NODES_DISAGREE);
        assertThat(verdict.violations().get(0).explanation())
                .isEqualTo("the nodes' final states differ: "
                        + "n1 COMPLETED attempt 1; n2 COMPLETED attempt 1; n3 RUNNING attempt 1");
        assertThat(verdict.violations().get(1).explanation()).endsWith("n3 absent");
        assertThat(verdict.nodesAgree()).isFalse();
        assertThat(verdict.stuck()).isZero();
    }

    @Test
    void aRestartThatChangesAnyFieldOrLosesAFileDiffers() throws Exception {
        FinalTask done = task("a", Status.COMPLETED, 1, "w1", 2);
        ChaosVerdict verdict = history()
                .acknowledged("a", 0)
                .finalState("n1", done)
                .restartedState("n1", done)
                .finalState("n2", done)
                .restartedState("n2", new FinalTask("a", Status.COMPLETED, 1, 1, "w2", done.finishedAt()))
                .finalState("n3", done)
                .check();

        assertThat(verdict.violations()).extracting(Violation::task).containsExactly("a", "*");
        assertThat(verdict.violations()).allMatch(violation -> violation.type() == Type.RESTART_DIFFERS);
        assertThat(verdict.violations().get(0).explanation())
                .isEqualTo("node n2 before the restart: COMPLETED "
                        + "attempt 1 assignment 1 worker w1 finished 00:00:02.000; after: COMPLETED attempt 1 assignment 1 "
                        + "worker w2 finished 00:00:02.000");
        assertThat(verdict.violations().get(1).explanation()).contains("restarted-n3.json is missing");
        assertThat(verdict.nodesAgree()).isFalse();
    }

    private static void assertOnly(ChaosVerdict verdict, Type type, String task) {
        assertThat(verdict.violations()).as(verdict.summary(5)).hasSize(1);
        assertThat(verdict.violations().get(0).type()).isEqualTo(type);
        assertThat(verdict.violations().get(0).task()).isEqualTo(task);
        assertThat(verdict.passed()).isFalse();
    }
}
