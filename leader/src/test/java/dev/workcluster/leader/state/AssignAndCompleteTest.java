package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.cancel;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.fail;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.Commands.scheduleWithAttempts;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertIgnored;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.pendingIds;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_FAILED_PRECONDITION;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.ResultCode;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Given: w1 (2 slots), w2 (1 slot, busy with t9), w3 (expired); t1 and t2 pending, each with 2 attempts. */
class AssignAndCompleteTest {
    private final ClusterState state = newState();

    @BeforeEach
    void cluster() {
        applyOk(
                state,
                join("w1", 2),
                join("w2", 1),
                join("w3", 1),
                expire("w3"),
                scheduleWithAttempts("t1", "p", 2),
                scheduleWithAttempts("t2", "p", 2),
                schedule("t9", "p"),
                assign("t9", "w2", 1));
    }

    @Test
    void assignStartsAPendingTaskOnAFreeSlot() {
        applyOk(state, at(5_000, assign("t1", "w1", 1)));

        TaskRecord t1 = state.task("t1");
        assertThat(t1.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(t1.memberId()).isEqualTo("w1");
        assertThat(t1.startedMillis()).isEqualTo(5_000);
        assertThat(state.member("w1").runningTaskIds()).containsExactly("t1");
        assertThat(state.member("w1").freeSlots()).isEqualTo(1);
        assertThat(pendingIds(state)).containsExactly("t2");
    }

    static Stream<Arguments> impossibleAssignments() {
        return Stream.of(
                Arguments.of("wrong attempt", assign("t1", "w1", 2), RESULT_CODE_FAILED_PRECONDITION),
                Arguments.of("task already running", assign("t9", "w1", 1), RESULT_CODE_FAILED_PRECONDITION),
                Arguments.of("member has no free slot", assign("t1", "w2", 1), RESULT_CODE_FAILED_PRECONDITION),
                Arguments.of("member expired", assign("t1", "w3", 1), RESULT_CODE_FAILED_PRECONDITION),
                Arguments.of("member unknown", assign("t1", "nobody", 1), RESULT_CODE_FAILED_PRECONDITION),
                Arguments.of("task unknown", assign("nothing", "w1", 1), RESULT_CODE_NOT_FOUND));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impossibleAssignments")
    void anImpossibleAssignmentChangesNothing(String why, Command command, ResultCode expected) {
        assertRejectedUnchanged(state, command, expected);
    }

    @Test
    void aFinishedTaskCannotBeAssigned() {
        applyOk(state, cancel("t1"));
        assertRejectedUnchanged(state, assign("t1", "w1", 1), RESULT_CODE_FAILED_PRECONDITION);
    }

    @Test
    void completingAnUnknownTaskIsNotFound() {
        assertRejectedUnchanged(state, complete("nothing", 1, "r"), RESULT_CODE_NOT_FOUND);
    }

    @Test
    void successCompletesAndFreesTheSlot() {
        applyOk(state, at(5_000, assign("t1", "w1", 1)), at(7_000, complete("t1", 1, "42")));

        TaskRecord t1 = state.task("t1");
        assertThat(t1.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(t1.result()).isEqualTo("42");
        assertThat(t1.finishedMillis()).isEqualTo(7_000);
        assertThat(state.member("w1").runningTaskIds()).isEmpty();
        assertThat(state.member("w1").freeSlots()).isEqualTo(2);
    }

    @Test
    void aFailedAttemptWithAttemptsLeftIsRetried() {
        applyOk(state, assign("t1", "w1", 1), fail("t1", 1, "disk full"));

        TaskRecord t1 = state.task("t1");
        assertThat(t1.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(t1.attempt()).isEqualTo(2);
        assertThat(t1.error()).isEqualTo("disk full");
        assertThat(state.member("w1").freeSlots()).isEqualTo(2);
        assertThat(pendingIds(state)).containsExactly("t1", "t2");
    }

    @Test
    void aFailedLastAttemptIsAnError() {
        applyOk(
                state,
                assign("t1", "w1", 1),
                fail("t1", 1, "first"),
                assign("t1", "w1", 2),
                at(8_000, fail("t1", 2, "second")));

        TaskRecord t1 = state.task("t1");
        assertThat(t1.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(t1.attempt()).isEqualTo(2);
        assertThat(t1.error()).isEqualTo("second");
        assertThat(t1.finishedMillis()).isEqualTo(8_000);
        assertThat(state.member("w1").freeSlots()).isEqualTo(2);
    }

    @Test
    void oneAttemptLikeTheSeedFailsStraightToError() {
        applyOk(state, scheduleWithAttempts("once", "p", 1), assign("once", "w1", 1), fail("once", 0, "boom"));

        assertThat(state.task("once").status()).isEqualTo(TaskStatus.ERROR);
        assertThat(state.task("once").error()).isEqualTo("boom");
    }

    @Test
    void attemptZeroMeansTheCurrentAttempt() {
        applyOk(
                state,
                assign("t1", "w1", 1),
                fail("t1", 0, "seed worker failed"),
                assign("t1", "w1", 2),
                complete("t1", 0, "done"));

        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(state.task("t1").attempt()).isEqualTo(2);
        assertThat(state.task("t1").result()).isEqualTo("done");
    }

    @Test
    void aCompletionFromAStaleAttemptChangesNothing() {
        applyOk(state, assign("t1", "w1", 1), fail("t1", 1, "first"), assign("t1", "w1", 2));
        assertIgnored(state, complete("t1", 1, "late result"));
        assertIgnored(state, fail("t1", 1, "late failure"));
        assertIgnored(state, complete("t1", 3, "from the future"));
    }

    @Test
    void aCompletionForAPendingTaskChangesNothing() {
        assertIgnored(state, complete("t1", 0, "r"));
        assertIgnored(state, fail("t1", 1, "e"));
    }

    @Test
    void aSecondCompletionDoesNotOverwriteTheFirst() {
        applyOk(state, assign("t1", "w1", 1), complete("t1", 1, "first"));
        assertIgnored(state, complete("t1", 1, "second"));
        assertIgnored(state, fail("t1", 0, "late failure"));
        assertThat(state.task("t1").result()).isEqualTo("first");
    }
}
