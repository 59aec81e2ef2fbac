package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.addressOf;
import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.releaseDue;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.Commands.timeOut;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.pendingIds;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_FAILED_PRECONDITION;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_INVALID_ARGUMENT;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_NOT_FOUND;
import static dev.workcluster.leader.state.proto.TimeoutKind.TIMEOUT_KIND_HEARTBEAT;
import static dev.workcluster.leader.state.proto.TimeoutKind.TIMEOUT_KIND_SCHEDULE_TO_START;
import static dev.workcluster.leader.state.proto.TimeoutKind.TIMEOUT_KIND_START_TO_CLOSE;
import static dev.workcluster.leader.state.proto.TimeoutKind.TIMEOUT_KIND_UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ScheduleTask;
import org.junit.jupiter.api.Test;

/**
 * TimeOutTask: the leader says a deadline passed; apply ends the run (a failed attempt) or the wait (ERROR)
 * only if the facts still hold at the command's time, so a stale or repeated one changes nothing.
 * Given: w1 (push, 2 slots); "slow" (start_to_close 5s, 2 attempts) started at 1s as attempt 1, assignment 1.
 */
class TaskTimeoutsTest {
    private final ClusterState state = newState();

    private void slowTaskRunning() {
        applyOk(
                state,
                join("w1", 2),
                at(
                        1_000,
                        schedule(ScheduleTask.newBuilder()
                                .setId("slow")
                                .setPayload("p")
                                .setMaxAttempts(2)
                                .setStartToCloseMillis(5_000)
                                .setHeartbeatTimeoutMillis(2_000))),
                at(1_000, assign("slow", "w1", 1)));
    }

    @Test
    void aRunPastStartToCloseEndsAsAFailedAttemptAndNamesItsWorkerForStopping() {
        slowTaskRunning();

        CommandResult result = applyOk(state, at(6_000, timeOut("slow", TIMEOUT_KIND_START_TO_CLOSE, 1, 1)));

        TaskRecord slow = state.task("slow");
        assertThat(slow.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(slow.attempt()).isEqualTo(2);
        assertThat(slow.error()).isEqualTo("timed out after 5s (attempt 1 of 2)");
        assertThat(state.member("w1").runningTaskIds()).isEmpty();
        assertThat(result.getStopMemberId()).isEqualTo("w1");
        assertThat(result.getStopAddress()).isEqualTo(addressOf("w1"));
    }

    @Test
    void theLastAttemptTimingOutEndsTheTaskInError() {
        slowTaskRunning();
        applyOk(
                state,
                at(6_000, timeOut("slow", TIMEOUT_KIND_START_TO_CLOSE, 1, 1)),
                at(7_000, assign("slow", "w1", 2)));

        applyOk(state, at(12_000, timeOut("slow", TIMEOUT_KIND_START_TO_CLOSE, 2, 2)));

        assertThat(state.task("slow").status()).isEqualTo(TaskStatus.ERROR);
        assertThat(state.task("slow").error()).isEqualTo("timed out after 5s (attempt 2 of 2)");
    }

    @Test
    void aTimeoutBeforeTheLimitIsStale() {
        slowTaskRunning();

        assertRejectedUnchanged(
                state, at(5_999, timeOut("slow", TIMEOUT_KIND_START_TO_CLOSE, 1, 1)), RESULT_CODE_FAILED_PRECONDITION);
    }

    @Test
    void aTimeoutForAnEarlierRunIsStaleEvenPastTheNextRunsLimit() {
        slowTaskRunning();
        applyOk(
                state,
                at(6_000, timeOut("slow", TIMEOUT_KIND_START_TO_CLOSE, 1, 1)),
                at(7_000, assign("slow", "w1", 2)));

        // the repeated timeout of run 1 arrives after run 2's own limit: it must not end run 2
        assertRejectedUnchanged(
                state, at(20_000, timeOut("slow", TIMEOUT_KIND_START_TO_CLOSE, 1, 1)), RESULT_CODE_FAILED_PRECONDITION);
        assertRejectedUnchanged(
                state, at(20_000, timeOut("slow", TIMEOUT_KIND_START_TO_CLOSE, 0, 0)), RESULT_CODE_FAILED_PRECONDITION);
        assertThat(state.task("slow").status()).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void aTimeoutAfterTheRunCompletedIsStale() {
        slowTaskRunning();
        applyOk(state, at(5_000, complete("slow", 1, "done")));

        assertRejectedUnchanged(
                state, at(6_000, timeOut("slow", TIMEOUT_KIND_START_TO_CLOSE, 1, 1)), RESULT_CODE_FAILED_PRECONDITION);
        assertThat(state.task("slow").result()).isEqualTo("done");
    }

    @Test
    void aSilentRunEndsLikeOneOverItsLimit() {
        slowTaskRunning();

        assertRejectedUnchanged(
                state, at(2_999, timeOut("slow", TIMEOUT_KIND_HEARTBEAT, 1, 1)), RESULT_CODE_FAILED_PRECONDITION);
        applyOk(state, at(3_000, timeOut("slow", TIMEOUT_KIND_HEARTBEAT, 1, 1)));

        assertThat(state.task("slow").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.task("slow").error()).isEqualTo("timed out after 2s without a heartbeat (attempt 1 of 2)");
    }

    @Test
    void aTaskNotStartedInTimeEndsInError() {
        applyOk(
                state,
                at(
                        1_000,
                        schedule(ScheduleTask.newBuilder()
                                .setId("t")
                                .setPayload("p")
                                .setScheduleToStartMillis(500))));

        assertRejectedUnchanged(
                state, at(1_499, timeOut("t", TIMEOUT_KIND_SCHEDULE_TO_START, 0, 0)), RESULT_CODE_FAILED_PRECONDITION);
        applyOk(state, at(1_500, timeOut("t", TIMEOUT_KIND_SCHEDULE_TO_START, 0, 0)));

        TaskRecord t = state.task("t");
        assertThat(t.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(t.error()).isEqualTo("not started within 500ms");
        assertThat(t.finishedMillis()).isEqualTo(1_500);
        assertThat(pendingIds(state)).isEmpty();
    }

    @Test
    void scheduleToStartCountsFromTheRunAtAndEndsOnceTheTaskWasHandedOut() {
        applyOk(
                state,
                join("w1", 1),
                at(
                        1_000,
                        schedule(ScheduleTask.newBuilder()
                                .setId("t")
                                .setPayload("p")
                                .setRunAtMillis(10_000)
                                .setScheduleToStartMillis(500))),
                at(10_000, releaseDue("t")));

        assertThat(TaskDeadlines.mustStartBy(state.task("t"))).isEqualTo(10_500);
        applyOk(state, at(10_100, assign("t", "w1", 1)));

        assertRejectedUnchanged(
                state, at(10_600, timeOut("t", TIMEOUT_KIND_SCHEDULE_TO_START, 0, 0)), RESULT_CODE_FAILED_PRECONDITION);
    }

    @Test
    void unknownTasksAndKindsAreRefused() {
        slowTaskRunning();

        assertRejectedUnchanged(
                state, at(9_000, timeOut("nothing", TIMEOUT_KIND_START_TO_CLOSE, 1, 1)), RESULT_CODE_NOT_FOUND);
        assertRejectedUnchanged(
                state, at(9_000, timeOut("slow", TIMEOUT_KIND_UNSPECIFIED, 1, 1)), RESULT_CODE_INVALID_ARGUMENT);
    }

    @Test
    void aTaskWithoutLimitsNeverTimesOut() {
        applyOk(state, join("w1", 1), at(1_000, schedule("plain", "p")), at(1_000, assign("plain", "w1", 1)));

        assertThat(TaskDeadlines.next(state.task("plain"), 0)).isEqualTo(TaskDeadlines.NONE);
        assertRejectedUnchanged(
                state,
                at(Long.MAX_VALUE / 2, timeOut("plain", TIMEOUT_KIND_START_TO_CLOSE, 1, 1)),
                RESULT_CODE_FAILED_PRECONDITION);
        assertRejectedUnchanged(
                state,
                at(Long.MAX_VALUE / 2, timeOut("plain", TIMEOUT_KIND_HEARTBEAT, 1, 1)),
                RESULT_CODE_FAILED_PRECONDITION);
    }

    @Test
    void theNextDeadlineIsTheEarliestThatApplies() {
        slowTaskRunning();
        TaskRecord slow = state.task("slow");

        assertThat(TaskDeadlines.next(slow, 0)).isEqualTo(3_000);
        assertThat(TaskDeadlines.next(slow, 2_500)).isEqualTo(4_500);
        assertThat(TaskDeadlines.next(slow, 4_000)).isEqualTo(6_000);
    }
}
