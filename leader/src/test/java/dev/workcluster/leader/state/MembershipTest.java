package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.addressOf;
import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.joinStream;
import static dev.workcluster.leader.state.Commands.leave;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.Commands.scheduleWithAttempts;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.memberIds;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.pendingIds;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_INVALID_ARGUMENT;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Transport;
import org.junit.jupiter.api.Test;

/** JoinMember and LeaveMember. */
class MembershipTest {
    private final ClusterState state = newState();

    @Test
    void aJoinedMemberIsAliveWithAllItsSlotsFree() {
        applyOk(state, at(1_000, join("w1", 4)), joinStream("w2", 1));

        MemberRecord w1 = state.member("w1");
        assertThat(w1.alive()).isTrue();
        assertThat(w1.address()).isEqualTo(addressOf("w1"));
        assertThat(w1.transport()).isEqualTo(dev.workcluster.leader.state.Transport.PUSH);
        assertThat(w1.slots()).isEqualTo(4);
        assertThat(w1.freeSlots()).isEqualTo(4);
        assertThat(w1.joinedMillis()).isEqualTo(1_000);
        assertThat(state.member("w2").transport()).isEqualTo(dev.workcluster.leader.state.Transport.STREAM);
        assertThat(memberIds(state)).containsExactly("w1", "w2");
    }

    @Test
    void anUnspecifiedTransportIsASeedPushWorker() {
        applyOk(state, join("w1", "w1:40041", 1, Transport.TRANSPORT_UNSPECIFIED));
        assertThat(state.member("w1").transport()).isEqualTo(dev.workcluster.leader.state.Transport.PUSH);
    }

    @Test
    void anEmptyIdOrZeroSlotsIsInvalid() {
        applyOk(state, join("w1", 1));
        assertRejectedUnchanged(state, join("", 1), RESULT_CODE_INVALID_ARGUMENT);
        assertRejectedUnchanged(state, join("w2", 0), RESULT_CODE_INVALID_ARGUMENT);
        assertRejectedUnchanged(
                state, join("w1", "moved:1", 0, Transport.TRANSPORT_PUSH), RESULT_CODE_INVALID_ARGUMENT);
        assertThat(state.member("w1").address()).isEqualTo(addressOf("w1"));
    }

    @Test
    void aRejoinUpdatesTheAddressAndSlots() {
        applyOk(state, join("w1", 1), at(2_000, join("w1", "new-host:40041", 3, Transport.TRANSPORT_PUSH)));

        assertThat(state.member("w1").address()).isEqualTo("new-host:40041");
        assertThat(state.member("w1").slots()).isEqualTo(3);
        assertThat(state.member("w1").joinedMillis()).isEqualTo(2_000);
        assertThat(state.members()).hasSize(1);
    }

    @Test
    void aRejoinRevivesAnExpiredMember() {
        applyOk(
                state,
                join("w1", 2),
                at(1_000, expire("w1")),
                at(2_000, join("w1", "back:40041", 2, Transport.TRANSPORT_PUSH)));

        MemberRecord w1 = state.member("w1");
        assertThat(w1.alive()).isTrue();
        assertThat(w1.expired()).isFalse();
        assertThat(w1.freeSlots()).isEqualTo(2);
        assertThat(w1.address()).isEqualTo("back:40041");
    }

    @Test
    void aPushWorkerThatRejoinsHasLostItsRunningTasks() {
        applyOk(
                state,
                join("w1", 2),
                scheduleWithAttempts("retry", "p", 2),
                scheduleWithAttempts("last", "p", 1),
                assign("retry", "w1", 1),
                assign("last", "w1", 1));

        applyOk(state, at(5_000, join("w1", 2)));

        TaskRecord retry = state.task("retry");
        assertThat(retry.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.error()).contains("w1").contains("rejoined");
        TaskRecord last = state.task("last");
        assertThat(last.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(last.finishedMillis()).isEqualTo(5_000);
        assertThat(last.error()).contains("w1").contains("rejoined");
        assertThat(state.member("w1").runningTaskIds()).isEmpty();
        assertThat(state.member("w1").freeSlots()).isEqualTo(2);
    }

    @Test
    void leavingAnUnknownMemberIsNotFound() {
        applyOk(state, join("w1", 1));
        assertRejectedUnchanged(state, leave("nobody"), RESULT_CODE_NOT_FOUND);
    }

    @Test
    void aMemberThatLeavesIsRemoved() {
        applyOk(state, join("w1", 1), join("w2", 1), leave("w1"));

        assertThat(state.member("w1")).isNull();
        assertThat(memberIds(state)).containsExactly("w2");
    }

    @Test
    void aLeavingMembersTasksAreRequeuedAtOnceWithTheNextAttempt() {
        applyOk(
                state,
                join("w1", 2),
                schedule("a", "p"),
                schedule("b", "p"),
                schedule("c", "p"),
                assign("a", "w1", 1),
                assign("c", "w1", 1));

        applyOk(state, leave("w1"));

        assertThat(pendingIds(state)).containsExactly("a", "b", "c");
        assertThat(state.task("a").attempt()).isEqualTo(2);
        assertThat(state.task("c").attempt()).isEqualTo(2);
        assertThat(state.task("b").attempt()).isEqualTo(1);
        assertThat(state.task("a").error()).contains("w1").contains("left");
    }

    @Test
    void aLeavingMembersTaskOnItsLastAttemptIsAnErrorThatSaysWhy() {
        applyOk(state, join("w1", 1), scheduleWithAttempts("t1", "p", 1), assign("t1", "w1", 1));

        applyOk(state, at(9_000, leave("w1")));

        TaskRecord t1 = state.task("t1");
        assertThat(t1.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(t1.finishedMillis()).isEqualTo(9_000);
        assertThat(t1.error()).isEqualTo("worker 'w1' left while running the task (attempt 1 of 1)");
        assertThat(state.pendingCount()).isZero();
    }

    @Test
    void aRequeuedTaskCanRunOnAnotherMember() {
        applyOk(state, join("w1", 1), join("w2", 1), schedule("t1", "p"), assign("t1", "w1", 1), leave("w1"));

        applyOk(state, assign("t1", "w2", 2));

        assertThat(state.task("t1").memberId()).isEqualTo("w2");
        assertThat(state.member("w2").runningTaskIds()).containsExactly("t1");
    }
}
