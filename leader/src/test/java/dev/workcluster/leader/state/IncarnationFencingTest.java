package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.completeFrom;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.joinFrom;
import static dev.workcluster.leader.state.Commands.joinStream;
import static dev.workcluster.leader.state.Commands.releaseUsed;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.Commands.scheduleWithAttempts;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.newState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ResultCode;
import org.junit.jupiter.api.Test;

/**
 * The fences that keep churn from charging or ending the wrong run: a member's
 * incarnation fences its expiry, its process instance tells a reconnect from a restart,
 * and a report names the member it comes from.
 */
class IncarnationFencingTest {
    private final ClusterState state = newState();

    @Test
    void everyJoinStartsANewIncarnationAndTheJoinSaysWhich() {
        CommandResult first = state.apply(joinStream("w1", 1));
        CommandResult second = state.apply(joinStream("w1", 1));

        assertThat(first.getIncarnation()).isEqualTo(1);
        assertThat(second.getIncarnation()).isEqualTo(2);
        assertThat(state.member("w1").incarnation()).isEqualTo(2);
    }

    @Test
    void anExpiryMeantForAnOlderIncarnationChangesNothing() {
        applyOk(state, joinStream("w1", 1), schedule("t1", "p"), assign("t1", "w1", 1), joinFrom("", "w1", 1, "t1", 1));

        CommandResult stale = state.apply(expire("w1", 1));

        assertThat(stale.getCode()).isEqualTo(ResultCode.RESULT_CODE_FAILED_PRECONDITION);
        assertThat(stale.getMessage()).contains("w1").contains("incarnation 1").contains("at 2");
        assertThat(state.member("w1").alive()).isTrue();
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(state.task("t1").attempt()).isEqualTo(1);
    }

    @Test
    void anExpiryForTheCurrentIncarnationExpires() {
        applyOk(state, joinStream("w1", 1), joinStream("w1", 1), schedule("t1", "p"), assign("t1", "w1", 1));

        applyOk(state, expire("w1", 2));

        assertThat(state.member("w1").expired()).isTrue();
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.task("t1").attempt()).isEqualTo(2);
    }

    @Test
    void theSameProcessReconnectingGetsBackWhatItNeverReceivedWithoutUsingAnAttempt() {
        applyOk(
                state,
                joinFrom("proc-a", "w1", 2),
                schedule("t1", "p"),
                schedule("t2", "p"),
                assign("t1", "w1", 1),
                assign("t2", "w1", 1));

        applyOk(state, joinFrom("proc-a", "w1", 2, "t1", 1));

        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(state.task("t2").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.task("t2").attempt()).isEqualTo(1);
        assertThat(state.task("t2").error()).isEmpty();
        assertThat(state.member("w1").runningTaskIds()).containsExactly("t1");
    }

    @Test
    void aNewProcessOfTheSameWorkerIdMayHaveRunItSoItCostsAnAttempt() {
        applyOk(state, joinFrom("proc-a", "w1", 1), schedule("t1", "p"), assign("t1", "w1", 1));

        applyOk(state, joinFrom("proc-b", "w1", 1));

        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.task("t1").attempt()).isEqualTo(2);
        assertThat(state.member("w1").instance()).isEqualTo("proc-b");
    }

    @Test
    void anUnknownInstanceIsNeverTakenForTheSameProcess() {
        applyOk(state, joinFrom("", "w1", 1), schedule("t1", "p"), assign("t1", "w1", 1));

        applyOk(state, joinFrom("", "w1", 1));

        assertThat(state.task("t1").attempt()).isEqualTo(2);
    }

    @Test
    void aReleaseOfARunThatMayHaveStartedUsesItsAttempt() {
        applyOk(state, join("w1", 1), scheduleWithAttempts("t1", "p", 2), assign("t1", "w1", 1));

        applyOk(state, releaseUsed("t1", "w1", 1, "worker 'w1' reported idle"));

        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.task("t1").attempt()).isEqualTo(2);
        assertThat(state.task("t1").error()).isEqualTo("worker 'w1' reported idle (attempt 1 of 2)");

        applyOk(state, assign("t1", "w1", 2), releaseUsed("t1", "w1", 2, "again"));
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.ERROR);
    }

    @Test
    void aReportFromAMemberTheTaskIsNotAssignedToChangesNothing() {
        applyOk(state, join("w1", 1), join("w2", 1), schedule("t1", "p"), assign("t1", "w2", 1));

        applyOk(state, completeFrom("w1", "t1", "stale result"));
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.RUNNING);

        applyOk(state, completeFrom("w2", "t1", "done"));
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(state.task("t1").result()).isEqualTo("done");
    }

    @Test
    void incarnationAndInstanceSurviveASnapshot() {
        applyOk(state, joinFrom("proc-a", "w1", 1), joinFrom("proc-a", "w1", 1));

        ClusterState restored = StateSnapshots.decode(StateSnapshots.encode(state), state.limits());

        assertThat(restored.member("w1").incarnation()).isEqualTo(2);
        assertThat(restored.member("w1").instance()).isEqualTo("proc-a");
    }
}
