package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.addressOf;
import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.cancel;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.fail;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.release;
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
import dev.workcluster.leader.state.proto.CommandResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Given: w1 (2 slots) running t1; t2 pending. */
class CancelTaskTest {
    private final ClusterState state = newState();

    @BeforeEach
    void cluster() {
        applyOk(state, join("w1", 2), schedule("t1", "p"), schedule("t2", "p"), assign("t1", "w1", 1));
    }

    @Test
    void cancellingAnUnknownTaskIsNotFound() {
        assertRejectedUnchanged(state, cancel("nothing"), RESULT_CODE_NOT_FOUND);
    }

    @Test
    void aPendingTaskIsCancelledAndLeavesTheQueue() {
        CommandResult result = applyOk(state, at(3_000, cancel("t2")));

        TaskRecord t2 = state.task("t2");
        assertThat(t2.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(t2.finishedMillis()).isEqualTo(3_000);
        assertThat(pendingIds(state)).isEmpty();
        assertThat(result.getTask()).isEqualTo(StateSnapshots.encode(t2));
        assertThat(result.getStopMemberId()).isEmpty();
        assertThat(result.getStopAddress()).isEmpty();
    }

    @Test
    void aRunningTaskIsCancelledItsSlotFreedAndTheWorkerNamedForStopWork() {
        CommandResult result = applyOk(state, at(3_000, cancel("t1")));

        TaskRecord t1 = state.task("t1");
        assertThat(t1.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(t1.finishedMillis()).isEqualTo(3_000);
        assertThat(state.member("w1").runningTaskIds()).isEmpty();
        assertThat(state.member("w1").freeSlots()).isEqualTo(2);
        assertThat(result.getTask().getStatus()).isEqualTo(TaskStatus.CANCELLED.wireNumber);
        assertThat(result.getStopMemberId()).isEqualTo("w1");
        assertThat(result.getStopAddress()).isEqualTo(addressOf("w1"));
    }

    static Stream<Arguments> finishingCommands() {
        return Stream.of(
                Arguments.of(TaskStatus.COMPLETED, complete("once", 1, "r")),
                Arguments.of(TaskStatus.ERROR, fail("once", 1, "boom")),
                Arguments.of(TaskStatus.CANCELLED, cancel("once")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("finishingCommands")
    void cancellingAFinishedTaskIsOkAndChangesNothing(TaskStatus finished, Command finish) {
        applyOk(state, scheduleWithAttempts("once", "p", 1), assign("once", "w1", 1), finish);
        assertThat(state.task("once").status()).isEqualTo(finished);

        CommandResult result = assertIgnored(state, cancel("once"));

        assertThat(result.getTask()).isEqualTo(StateSnapshots.encode(state.task("once")));
        assertThat(result.getStopMemberId()).isEmpty();
    }

    @Test
    void aLateCompletionAfterCancelChangesNothing() {
        applyOk(state, cancel("t1"));

        assertIgnored(state, complete("t1", 1, "too late"));
        assertIgnored(state, complete("t1", 0, "too late, seed worker"));
        assertIgnored(state, fail("t1", 0, "stopped"));
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(state.task("t1").result()).isEmpty();
    }

    @Test
    void aLateReleaseAfterCancelIsStale() {
        applyOk(state, cancel("t1"));
        assertRejectedUnchanged(state, release("t1", "w1", 1), RESULT_CODE_FAILED_PRECONDITION);
    }

    @Test
    void schedulingACancelledTaskAgainReturnsItStillCancelled() {
        applyOk(state, cancel("t2"));
        CommandResult again = applyOk(state, schedule("t2", "p"));
        assertThat(again.getTask().getStatus()).isEqualTo(TaskStatus.CANCELLED.wireNumber);
    }
}
