package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.cancel;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.States.applyOk;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Counts by status, the oldest pending task, and the change sets watchers are told about. */
class CountsAndChangesTest {
    private final ClusterState state = new ClusterState(new StateLimits(1024, 100, 2, Duration.ofHours(1), 3, 100));

    @Test
    void countsFollowEveryTransitionAndRetention() {
        applyOk(
                state,
                join("w1", 2),
                schedule("a", "p"),
                schedule("b", "p"),
                schedule("c", "p"),
                schedule("d", "p"),
                assign("a", "w1", 1),
                assign("b", "w1", 1),
                complete("a", 1, "ok"),
                cancel("c"),
                cancel("d"));

        assertThat(state.count(TaskStatus.PENDING)).isZero();
        assertThat(state.count(TaskStatus.RUNNING)).isEqualTo(1);
        assertThat(state.count(TaskStatus.COMPLETED) + state.count(TaskStatus.CANCELLED))
                .as("retention keeps 2 finished tasks")
                .isEqualTo(2);
        applyOk(state, expire("w1"));
        assertThat(state.count(TaskStatus.PENDING)).isEqualTo(1);
        assertThat(state.count(TaskStatus.RUNNING)).isZero();
    }

    @Test
    void theOldestPendingTaskIsTheFirstToArriveWhateverItsPriority() {
        applyOk(
                state,
                at(1_000, schedule("low-first", "p")),
                at(2_000, Commands.schedule("high-later", "p", Priority.HIGH)));

        assertThat(state.oldestPending().id()).isEqualTo("low-first");
        applyOk(state, cancel("low-first"));
        assertThat(state.oldestPending().id()).isEqualTo("high-later");
        applyOk(state, cancel("high-later"));
        assertThat(state.oldestPending()).isNull();
    }

    @Test
    void changesNameWhatEachEntryTouchedOnce() {
        applyOk(state, join("w1", 1), schedule("a", "p"));
        state.drainChanges();

        applyOk(
                state,
                assign("a", "w1", 1),
                complete("a", 1, "ok"),
                schedule("b", "p"),
                schedule("c", "p"),
                cancel("b"),
                cancel("c"));
        StateChanges changes = state.drainChanges();

        assertThat(changes.tasks()).containsExactly("b", "c"); // "a" changed too, then aged out (retention 2)
        assertThat(changes.removedTasks()).containsExactly("a");
        assertThat(changes.members()).containsExactly("w1");
        assertThat(state.drainChanges().isEmpty()).isTrue();
    }
}
