package dev.workcluster.bench.chaos;

import static dev.workcluster.bench.chaos.HistoryFixture.at;
import static dev.workcluster.bench.chaos.HistoryFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.bench.chaos.ClientEvent.Op;
import dev.workcluster.bench.chaos.FaultEvent.Fault;
import dev.workcluster.bench.chaos.FinalTask.Status;
import dev.workcluster.bench.chaos.RunEvent.Result;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Histories of what the cluster may do under faults: each one passes, reruns counted. */
class HistoryCheckerAllowedTest {
    @TempDir
    Path dir;

    @Test
    void aRunEndedByItsWorkersKillIsRunAgainByTheRestartedProcess() throws Exception {
        ChaosVerdict verdict = new HistoryFixture(dir)
                .acknowledged("a", 0)
                .start("w1", 100, "a", 1, 1, 1)
                .fault(Fault.KILL, "w1", 2)
                .fault(Fault.RESTART, "w1", 3)
                .run("w1", 101, "a", 2, 2, 8, 9, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 2, "w1", 9.1))
                .check();

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.acknowledged()).isEqualTo(1);
        assertThat(verdict.completed()).isEqualTo(1);
        assertThat(verdict.reruns()).isEqualTo(1);
        assertThat(verdict.runs()).isEqualTo(2);
        assertThat(verdict.nodesAgree()).isTrue();
        assertThat(verdict.byStatus()).isEqualTo(Map.of("COMPLETED", 1L));
    }

    @Test
    void aKilledWorkersRunEndsAtTheKillSoALaterRunElsewhereDoesNotOverlapIt() throws Exception {
        ChaosVerdict verdict = new HistoryFixture(dir)
                .acknowledged("a", 0)
                .start("w1", 100, "a", 1, 1, 1)
                .fault(Fault.KILL, "w1", 5)
                .run("w2", 200, "a", 2, 2, 5.001, 6, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 2, "w2", 6.1))
                .check();

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.reruns()).isEqualTo(1);
    }

    @Test
    void aPauseEndsNothingSoARunSpanningItIsOneRun() throws Exception {
        ChaosVerdict verdict = new HistoryFixture(dir)
                .acknowledged("a", 0)
                .start("w1", 100, "a", 1, 1, 1)
                .fault(Fault.PAUSE, "w1", 2)
                .fault(Fault.RESUME, "w1", 5)
                .end("w1", 100, "a", 1, 1, 6, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 1, "w1", 6.1))
                .check();

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.reruns()).isZero();
        assertThat(verdict.completed()).isEqualTo(1);
    }

    @Test
    void aStartThatCrossesTheCancelIsAllowedWhenTheCancelStopsIt() throws Exception {
        ChaosVerdict verdict = new HistoryFixture(dir)
                .acknowledged("a", 0)
                .run("w1", 100, "a", 1, 1, 3.1, 3.3, Result.INTERRUPTED)
                .everyNode(task("a", Status.CANCELLED, 1, "w1", 3))
                .check();

        assertThat(verdict.violations()).isEmpty();
    }

    @Test
    void aRunMovedOnWhileItsWorkerWasFrozenDoesNotOverlapTheNewRunIfItEndsAsTheWorkerThaws() throws Exception {
        ChaosVerdict verdict = new HistoryFixture(dir)
                .acknowledged("a", 0)
                .start("w1", 100, "a", 1, 1, 1)
                .fault(Fault.PAUSE, "w1", 2)
                .run("w2", 200, "a", 2, 2, 4, 5, Result.OK)
                .fault(Fault.RESUME, "w1", 8)
                .end("w1", 100, "a", 1, 1, 8.3, Result.INTERRUPTED) // the lease stops it as it thaws
                .everyNode(task("a", Status.COMPLETED, 2, "w2", 5.1))
                .check();

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.overlapsAcrossPauses()).isEqualTo(1);
        assertThat(verdict.overlappingRuns()).isZero();
    }

    @Test
    void aCancelledTasksRunThatWasStoppedOrReturnedWithinTheGraceIsAllowed() throws Exception {
        ChaosVerdict verdict = new HistoryFixture(dir)
                .acknowledged("stopped", 0)
                .acknowledged("late", 0)
                .start("w1", 100, "stopped", 1, 1, 1)
                .start("w2", 200, "late", 1, 1, 1)
                .client(ClientEvent.invoke(at(3), Op.CANCEL, "stopped"))
                .client(ClientEvent.ok(at(3.05), Op.CANCEL, "stopped"))
                .end("w1", 100, "stopped", 1, 1, 3.5, Result.INTERRUPTED)
                .end("w2", 200, "late", 1, 1, 13, Result.OK)
                .everyNode(task("stopped", Status.CANCELLED, 1, "w1", 3.02), task("late", Status.CANCELLED, 1, "w2", 3))
                .check();

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.completed()).isZero();
        assertThat(verdict.byStatus()).isEqualTo(Map.of("CANCELLED", 2L));
    }

    @Test
    void aRetriedScheduleCountsOnceAndUnacknowledgedTasksNeedNotExist() throws Exception {
        ChaosVerdict verdict = new HistoryFixture(dir)
                .client(ClientEvent.invoke(at(0), Op.SCHEDULE, "a"))
                .client(ClientEvent.unknown(at(5), Op.SCHEDULE, "a", "DEADLINE_EXCEEDED"))
                .client(ClientEvent.invoke(at(5.1), Op.SCHEDULE, "a"))
                .client(ClientEvent.ok(at(5.2), Op.SCHEDULE, "a"))
                .client(ClientEvent.invoke(at(6), Op.SCHEDULE, "rejected"))
                .client(ClientEvent.fail(at(6.1), Op.SCHEDULE, "rejected", "INVALID_ARGUMENT"))
                .client(ClientEvent.invoke(at(7), Op.SCHEDULE, "gave-up"))
                .client(ClientEvent.unknown(at(12), Op.SCHEDULE, "gave-up", "UNAVAILABLE"))
                .run("w1", 100, "a", 1, 1, 1, 2, Result.ERROR)
                .run("w1", 100, "a", 2, 2, 3, 4, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 2, "w1", 4.1))
                .check();

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.acknowledged()).isEqualTo(1);
        assertThat(verdict.reruns()).isEqualTo(1);
    }

    @Test
    void pushModeRunsWithoutAnAttemptNumberAreNeverTheSameHandOut() throws Exception {
        ChaosVerdict verdict = new HistoryFixture(dir)
                .acknowledged("a", 0)
                .run("push", 300, "a", 0, 0, 1, 2, Result.OK)
                .fault(Fault.KILL, "push", 2.5)
                .run("push", 301, "a", 0, 0, 9, 10, Result.OK)
                .everyNode(task("a", Status.COMPLETED, 2, "push", 10.1))
                .check();

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.doubleCompletions()).isZero();
        assertThat(verdict.reruns()).isEqualTo(1);
    }
}
