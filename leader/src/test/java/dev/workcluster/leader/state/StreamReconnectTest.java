package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.failFinally;
import static dev.workcluster.leader.state.Commands.joinStream;
import static dev.workcluster.leader.state.Commands.reconnectStream;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.newState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.AttemptRef;
import dev.workcluster.leader.state.proto.CommandResult;
import org.junit.jupiter.api.Test;

/** A stream worker's hello after a reconnect: confirmed assignments stay, the rest is reconciled. */
class StreamReconnectTest {
    private final ClusterState state = newState();

    @Test
    void confirmedAssignmentsAreKeptWithoutANewAttempt() {
        applyOk(state, joinStream("w1", 2), schedule("t1", "p"), assign("t1", "w1", 1));

        CommandResult result = state.apply(reconnectStream("w1", 2, "t1", 1));

        assertThat(result.getStopAttemptsList()).isEmpty();
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(state.task("t1").attempt()).isEqualTo(1);
        assertThat(state.member("w1").runningTaskIds()).containsExactly("t1");
    }

    @Test
    void assignmentsTheWorkerNoLongerHasAreRequeuedAsAFailedAttempt() {
        applyOk(
                state,
                joinStream("w1", 2),
                schedule("t1", "p"),
                schedule("t2", "p"),
                assign("t1", "w1", 1),
                assign("t2", "w1", 1));

        applyOk(state, reconnectStream("w1", 2, "t1", 1));

        assertThat(state.task("t2").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.task("t2").attempt()).isEqualTo(2);
        assertThat(state.task("t2").error()).contains("w1").contains("rejoined without the task");
        assertThat(state.member("w1").runningTaskIds()).containsExactly("t1");
    }

    @Test
    void reportedAttemptsThatAreNotItsAssignmentsMustBeStopped() {
        applyOk(
                state,
                joinStream("w1", 2),
                joinStream("w2", 2),
                schedule("mine", "p"),
                schedule("theirs", "p"),
                schedule("done", "p"),
                assign("mine", "w1", 1),
                assign("theirs", "w2", 1),
                assign("done", "w1", 1),
                complete("done", 1, "ok"));

        CommandResult result = state.apply(reconnectStream("w1", 2, "mine", 1, "mine-old", 1, "theirs", 1, "done", 1));

        assertThat(result.getStopAttemptsList())
                .extracting(AttemptRef::getTaskId)
                .containsExactly("mine-old", "theirs", "done");
        assertThat(state.task("theirs").memberId()).isEqualTo("w2");
        assertThat(state.task("theirs").status()).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void aStaleAttemptOfItsOwnTaskIsStoppedAndTheCurrentOneRequeued() {
        applyOk(state, joinStream("w1", 1), schedule("t1", "p"), assign("t1", "w1", 1));

        CommandResult result = state.apply(reconnectStream("w1", 1, "t1", 7));

        assertThat(result.getStopAttemptsList())
                .extracting(AttemptRef::getAttempt)
                .containsExactly(7);
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    void anExpiredWorkerThatComesBackIsRevivedAndStopsWhatWasRequeued() {
        applyOk(state, joinStream("w1", 1), schedule("t1", "p"), assign("t1", "w1", 1), expire("w1"));

        CommandResult result = state.apply(reconnectStream("w1", 1, "t1", 1));

        assertThat(state.member("w1").alive()).isTrue();
        assertThat(result.getStopAttemptsList())
                .extracting(AttemptRef::getTaskId)
                .containsExactly("t1");
        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.task("t1").attempt()).isEqualTo(2);
    }

    @Test
    void aNonRetryableFailureEndsTheTaskAtOnce() {
        applyOk(
                state,
                joinStream("w1", 1),
                schedule("t1", "p"),
                assign("t1", "w1", 1),
                failFinally("t1", 1, "bad input"));

        assertThat(state.task("t1").status()).isEqualTo(TaskStatus.ERROR);
        assertThat(state.task("t1").attempt()).isEqualTo(1);
        assertThat(state.task("t1").error()).isEqualTo("bad input");
        assertThat(state.member("w1").freeSlots()).isEqualTo(1);
    }
}
