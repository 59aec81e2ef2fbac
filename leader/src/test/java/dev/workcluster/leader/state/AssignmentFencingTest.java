package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.failAssignment;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.joinStream;
import static dev.workcluster.leader.state.Commands.reconnectStream;
import static dev.workcluster.leader.state.Commands.release;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.newState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.AttemptRef;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.JoinMember;
import org.junit.jupiter.api.Test;

/**
 * The assignment number fences reports to one run, even where the attempt does not
 * move: a start handed back (not an attempt) and given to another worker.
 */
class AssignmentFencingTest {
    private final ClusterState state = newState();

    @Test
    void everyAssignmentGetsANewNumberButOnlyFailuresUseAnAttempt() {
        applyOk(state, join("a", 1), join("b", 1), schedule("t", "p"), assign("t", "a", 1));
        assertThat(state.task("t").assignment()).isEqualTo(1);

        applyOk(state, release("t", "a", 1), assign("t", "b", 1));

        assertThat(state.task("t").assignment()).isEqualTo(2);
        assertThat(state.task("t").attempt()).isEqualTo(1);
    }

    @Test
    void aLateReportFromAnEarlierAssignmentOfTheSameAttemptChangesNothing() {
        applyOk(
                state,
                join("a", 1),
                join("b", 1),
                schedule("t", "p"),
                assign("t", "a", 1),
                release("t", "a", 1),
                assign("t", "b", 1));

        applyOk(state, failAssignment("t", 1, 1, "from a, which was told to stop"));

        TaskRecord task = state.task("t");
        assertThat(task.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(task.memberId()).isEqualTo("b");
        assertThat(task.error()).isEmpty();
        assertThat(state.member("b").freeSlots()).isZero();

        applyOk(state, failAssignment("t", 1, 2, "from b"));
        assertThat(state.task("t").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.task("t").attempt()).isEqualTo(2);
    }

    @Test
    void aReconnectingWorkerKeepsOnlyTheAssignmentItActuallyHolds() {
        applyOk(
                state,
                joinStream("a", 1),
                schedule("t", "p"),
                assign("t", "a", 1),
                release("t", "a", 1),
                assign("t", "a", 1));
        Command hello = Command.newBuilder()
                .setJoinMember(JoinMember.newBuilder()
                        .setId("a")
                        .setSlots(1)
                        .setTransport(dev.workcluster.leader.state.proto.Transport.TRANSPORT_STREAM)
                        .addRunning(AttemptRef.newBuilder()
                                .setTaskId("t")
                                .setAttempt(1)
                                .setAssignment(1)))
                .build();

        var result = state.apply(hello);

        assertThat(result.getStopAttemptsList())
                .extracting(AttemptRef::getAssignment)
                .containsExactly(1);
        assertThat(state.task("t").status()).isEqualTo(TaskStatus.PENDING);
        applyOk(state, assign("t", "a", 2), reconnectStream("a", 1, "t", 2));
        assertThat(state.task("t").status())
                .as("a report without assignment falls back to the attempt")
                .isEqualTo(TaskStatus.RUNNING);
    }
}
