package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.fail;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.release;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.pendingIds;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_FAILED_PRECONDITION;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ReleaseTask: the worker refused StartWork. Given: t1 running on w1 at attempt 1. */
class ReleaseTaskTest {
    private final ClusterState state = newState();

    @BeforeEach
    void t1RunningOnW1() {
        applyOk(state, join("w1", 1), join("w2", 1), schedule("t1", "p"), assign("t1", "w1", 1));
    }

    @Test
    void aRefusedStartGoesBackToPendingWithoutCountingAnAttempt() {
        applyOk(state, release("t1", "w1", 1));

        TaskRecord t1 = state.task("t1");
        assertThat(t1.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(t1.attempt()).isEqualTo(1);
        assertThat(state.member("w1").runningTaskIds()).isEmpty();
        assertThat(state.member("w1").freeSlots()).isEqualTo(1);
        assertThat(pendingIds(state)).containsExactly("t1");
    }

    @Test
    void aReleasedTaskCanBeAssignedAgainAtTheSameAttempt() {
        applyOk(state, release("t1", "w1", 1), assign("t1", "w2", 1));
        assertThat(state.task("t1").memberId()).isEqualTo("w2");
    }

    @Test
    void aReleaseFromAnotherMemberIsStale() {
        assertRejectedUnchanged(state, release("t1", "w2", 1), RESULT_CODE_FAILED_PRECONDITION);
    }

    @Test
    void aReleaseOfAnotherAttemptIsStale() {
        assertRejectedUnchanged(state, release("t1", "w1", 2), RESULT_CODE_FAILED_PRECONDITION);
    }

    @Test
    void aReleaseAfterTheAttemptFailedIsStale() {
        applyOk(state, fail("t1", 1, "boom"));
        assertRejectedUnchanged(state, release("t1", "w1", 1), RESULT_CODE_FAILED_PRECONDITION);
        assertThat(state.task("t1").attempt()).isEqualTo(2);
    }

    @Test
    void aReleaseOfAnAlreadyReleasedTaskIsStale() {
        applyOk(state, release("t1", "w1", 1));
        assertRejectedUnchanged(state, release("t1", "w1", 1), RESULT_CODE_FAILED_PRECONDITION);
    }

    @Test
    void aReleaseOfAnUnknownTaskIsNotFound() {
        assertRejectedUnchanged(state, release("nothing", "w1", 1), RESULT_CODE_NOT_FOUND);
    }
}
