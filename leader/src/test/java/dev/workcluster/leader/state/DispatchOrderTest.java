package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.cancel;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.fail;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.leave;
import static dev.workcluster.leader.state.Commands.release;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.Priority.HIGH;
import static dev.workcluster.leader.state.Priority.LOW;
import static dev.workcluster.leader.state.Priority.MEDIUM;
import static dev.workcluster.leader.state.Priority.UNSPECIFIED;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.pendingIds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DispatchOrderTest {

    @Test
    void highThenMediumThenLow() {
        ClusterState state = newState();
        applyOk(state, schedule("low", "p", LOW), schedule("medium", "p", MEDIUM), schedule("high", "p", HIGH));

        assertThat(pendingIds(state)).containsExactly("high", "medium", "low");
    }

    @Test
    void unspecifiedQueuesAsLowInArrivalOrder() {
        ClusterState state = newState();
        applyOk(
                state,
                schedule("u1", "p", UNSPECIFIED),
                schedule("l1", "p", LOW),
                schedule("m1", "p", MEDIUM),
                schedule("u2", "p", UNSPECIFIED),
                schedule("l2", "p", LOW));

        assertThat(pendingIds(state)).containsExactly("m1", "u1", "l1", "u2", "l2");
    }

    @Test
    void equalPriorityRunsOldestFirst() {
        ClusterState state = newState();
        applyOk(
                state,
                schedule("a", "p", MEDIUM),
                schedule("h", "p", HIGH),
                schedule("b", "p", MEDIUM),
                schedule("c", "p", MEDIUM));

        assertThat(pendingIds(state)).containsExactly("h", "a", "b", "c");
    }

    @Test
    void assignedAndCancelledTasksLeaveTheQueue() {
        ClusterState state = newState();
        applyOk(state, join("w1", 1), schedule("a", "p"), schedule("b", "p"), schedule("c", "p"));

        applyOk(state, assign("a", "w1", 1), cancel("c"));

        assertThat(pendingIds(state)).containsExactly("b");
        assertThat(state.pendingCount()).isEqualTo(1);
    }

    static Stream<Arguments> requeues() {
        return Stream.of(
                Arguments.of("failed attempt retried", fail("a", 1, "boom")),
                Arguments.of("refused start released", release("a", "w1", 1)),
                Arguments.of("worker left", leave("w1")),
                Arguments.of("worker expired", expire("w1")),
                Arguments.of("push worker rejoined", join("w1", 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requeues")
    void aRequeuedTaskKeepsItsOriginalPlace(String why, Command requeue) {
        ClusterState state = newState();
        applyOk(
                state,
                join("w1", 1),
                schedule("a", "p", MEDIUM),
                schedule("b", "p", MEDIUM),
                schedule("low", "p", LOW),
                assign("a", "w1", 1),
                schedule("c", "p", MEDIUM));
        assertThat(pendingIds(state)).containsExactly("b", "c", "low");

        applyOk(state, requeue);

        assertThat(state.task("a").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(pendingIds(state)).containsExactly("a", "b", "c", "low");
    }

    @Test
    void aRequeuedLowTaskStillWaitsBehindNewerHighTasks() {
        ClusterState state = newState();
        applyOk(
                state,
                join("w1", 1),
                schedule("old-low", "p", LOW),
                assign("old-low", "w1", 1),
                schedule("new-high", "p", HIGH),
                fail("old-low", 1, "boom"));

        assertThat(pendingIds(state)).containsExactly("new-high", "old-low");
    }

    @Test
    void sequencesFollowArrival() {
        ClusterState state = newState();
        applyOk(state, schedule("a", "p"), schedule("b", "p"), schedule("c", "p"));

        assertThat(state.task("a").sequence()).isLessThan(state.task("b").sequence());
        assertThat(state.task("b").sequence()).isLessThan(state.task("c").sequence());
    }
}
