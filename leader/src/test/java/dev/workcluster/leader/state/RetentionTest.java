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
import static dev.workcluster.leader.state.States.memberIds;
import static dev.workcluster.leader.state.States.stateWith;
import static dev.workcluster.leader.state.States.taskIds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bounded memory: finished tasks and expired members age out; live work never does. */
class RetentionTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void finishedTasksBeyondTheCountAreDroppedOldestFinishedFirst() {
        ClusterState state = stateWith(l -> l.setRetainFinishedCount(2));
        applyOk(
                state,
                join("w1", 2),
                scheduleWithAttempts("a", "p", 1),
                schedule("b", "p"),
                schedule("c", "p"),
                schedule("d", "p"),
                assign("a", "w1", 1),
                assign("c", "w1", 1));

        applyOk(state, at(100, cancel("b")), at(200, complete("c", 1, "r")), at(300, fail("a", 1, "boom")));
        assertThat(taskIds(state)).containsExactly("a", "c", "d");

        applyOk(state, at(400, cancel("d")));
        assertThat(taskIds(state)).containsExactly("a", "d");
        assertThat(state.task("c")).isNull();
    }

    @Test
    void finishedTasksOlderThanTheAgeAreDroppedOnALaterCommand() {
        ClusterState state = stateWith(l -> l.setRetainFinishedAgeMillis(TEN_SECONDS.toMillis()));
        applyOk(
                state,
                schedule("old", "p"),
                schedule("young", "p"),
                at(1_000, cancel("old")),
                at(5_000, cancel("young")));

        applyOk(state, at(11_000, schedule("x", "p")));
        assertThat(taskIds(state)).containsExactly("old", "young", "x");

        applyOk(state, at(11_001, schedule("y", "p")));
        assertThat(taskIds(state)).containsExactly("young", "x", "y");

        state.apply(at(15_001, expire("nobody"))); // any command, even a rejected one, carries the time
        assertThat(taskIds(state)).containsExactly("x", "y");
    }

    @Test
    void pendingAndRunningTasksAreNeverDropped() {
        ClusterState state = stateWith(l -> l.setRetainFinishedCount(0).setRetainFinishedAgeMillis(1));
        applyOk(
                state,
                join("w1", 1),
                at(0, schedule("pending", "p")),
                at(0, schedule("running", "p")),
                at(0, assign("running", "w1", 1)));

        applyOk(state, at(1_000_000_000, schedule("later", "p")));

        assertThat(taskIds(state)).containsExactly("pending", "running", "later");
    }

    @Test
    void withACountOfZeroAFinishedTaskIsDroppedRightAway() {
        ClusterState state = stateWith(l -> l.setRetainFinishedCount(0));
        applyOk(state, schedule("t1", "p"), schedule("t2", "p"));

        applyOk(state, cancel("t1"));

        assertThat(taskIds(state)).containsExactly("t2");
        assertThat(state.taskCount()).isEqualTo(1);
    }

    @Test
    void aDroppedTasksIdCanBeScheduledAgain() {
        ClusterState state = stateWith(l -> l.setRetainFinishedCount(0));
        applyOk(state, schedule("t1", "first"), cancel("t1"));

        applyOk(state, schedule("t1", "second"));

        assertThat(state.task("t1").payload()).isEqualTo("second");
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    void expiredMembersAreForgottenAfterTheAgeAliveOnesNever() {
        ClusterState state = stateWith(l -> l.setRetainFinishedAgeMillis(TEN_SECONDS.toMillis()));
        applyOk(state, join("alive", 1), join("gone", 1), at(1_000, expire("gone")));

        applyOk(state, at(11_000, schedule("t1", "p")));
        assertThat(memberIds(state)).containsExactly("alive", "gone");

        applyOk(state, at(11_001, schedule("t2", "p")));
        assertThat(memberIds(state)).containsExactly("alive");

        applyOk(state, at(1_000_000, schedule("t3", "p")));
        assertThat(memberIds(state)).containsExactly("alive");
    }

    @Test
    void aRevivedMemberIsNotForgotten() {
        ClusterState state = stateWith(l -> l.setRetainFinishedAgeMillis(TEN_SECONDS.toMillis()));
        applyOk(state, join("w1", 1), at(1_000, expire("w1")), at(2_000, join("w1", 1)));

        applyOk(state, at(100_000, schedule("t1", "p")));

        assertThat(memberIds(state)).containsExactly("w1");
        assertThat(state.member("w1").alive()).isTrue();
    }

    @Test
    void aMemberThatExpiresAgainIsForgottenOnlyAfterItsLatestExpiry() {
        ClusterState state = stateWith(l -> l.setRetainFinishedAgeMillis(TEN_SECONDS.toMillis()));
        applyOk(state, join("w1", 1), at(1_000, expire("w1")), at(2_000, join("w1", 1)), at(8_000, expire("w1")));

        applyOk(state, at(12_000, schedule("t1", "p")));
        assertThat(memberIds(state)).containsExactly("w1");

        applyOk(state, at(18_001, schedule("t2", "p")));
        assertThat(memberIds(state)).isEmpty();
    }

    @Test
    void aFlappingMemberDoesNotKeepOtherExpiredMembersAlive() {
        ClusterState state = stateWith(l -> l.setRetainFinishedAgeMillis(TEN_SECONDS.toMillis()));
        applyOk(
                state,
                join("flappy", 1),
                join("dead", 1),
                at(1_000, expire("flappy")),
                at(2_000, join("flappy", 1)),
                at(3_000, expire("dead")),
                at(50_000, expire("flappy")));

        applyOk(state, at(50_001, schedule("t1", "p")));

        // regression: MemberTable.prune stops at the head of the expiry deque, whose entry is "flappy"'s
        // record with its *latest* expiredMillis (50_000), so "dead" (expired at 3_000) is kept until
        // 60_000; the deque also gains one entry per re-expiry and never drains while the head keeps flapping.
        assertThat(memberIds(state)).containsExactly("flappy");
    }
}
