package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.leave;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.Commands.scheduleWithAttempts;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertIgnored;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.memberIds;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.pendingIds;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ExpireMember: the leader saw no heartbeat in time. Given: w1 (2 slots) running t1 and t2, w2 idle. */
class MemberExpiryTest {
    private final ClusterState state = newState();

    @BeforeEach
    void cluster() {
        applyOk(
                state,
                join("w1", 2),
                join("w2", 1),
                schedule("t1", "p"),
                scheduleWithAttempts("t2", "p", 1),
                schedule("t3", "p"),
                assign("t1", "w1", 1),
                assign("t2", "w1", 1));
    }

    @Test
    void expiringAnUnknownMemberIsNotFound() {
        assertRejectedUnchanged(state, expire("nobody"), RESULT_CODE_NOT_FOUND);
    }

    @Test
    void anExpiredMemberIsStillListedButNotAliveAndHasNoFreeSlots() {
        applyOk(state, at(4_000, expire("w1")));

        MemberRecord w1 = state.member("w1");
        assertThat(memberIds(state)).containsExactly("w1", "w2");
        assertThat(w1.expired()).isTrue();
        assertThat(w1.alive()).isFalse();
        assertThat(w1.freeSlots()).isZero();
        assertThat(w1.expiredMillis()).isEqualTo(4_000);
        assertThat(w1.runningTaskIds()).isEmpty();
    }

    @Test
    void anExpiredMembersTasksAreRequeuedOrFailedLikeOnLeave() {
        applyOk(state, at(4_000, expire("w1")));

        TaskRecord t1 = state.task("t1");
        assertThat(t1.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(t1.attempt()).isEqualTo(2);
        assertThat(t1.error()).contains("w1").contains("heartbeat");
        TaskRecord t2 = state.task("t2");
        assertThat(t2.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(t2.finishedMillis()).isEqualTo(4_000);
        assertThat(t2.error()).isEqualTo("worker 'w1' stopped heartbeating while running the task (attempt 1 of 1)");
        assertThat(pendingIds(state)).containsExactly("t1", "t3");
    }

    @Test
    void expiringTwiceHappensExactlyOnce() {
        applyOk(state, at(4_000, expire("w1")), assign("t1", "w2", 2));

        assertIgnored(state, at(5_000, expire("w1")));

        assertThat(state.member("w1").expiredMillis()).isEqualTo(4_000);
        assertThat(state.task("t1").attempt()).isEqualTo(2);
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void anExpiredMembersLateCompletionDoesNotTouchTheRequeuedTask() {
        applyOk(state, expire("w1"), assign("t1", "w2", 2));

        assertIgnored(state, complete("t1", 1, "late"));

        assertThat(state.task("t1").memberId()).isEqualTo("w2");
    }

    @Test
    void anExpiredMemberCanLeave() {
        applyOk(state, expire("w1"), leave("w1"));
        assertThat(memberIds(state)).containsExactly("w2");
    }
}
