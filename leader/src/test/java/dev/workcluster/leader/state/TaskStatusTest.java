package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.TaskStatus.CANCELLED;
import static dev.workcluster.leader.state.TaskStatus.COMPLETED;
import static dev.workcluster.leader.state.TaskStatus.ERROR;
import static dev.workcluster.leader.state.TaskStatus.PENDING;
import static dev.workcluster.leader.state.TaskStatus.RUNNING;
import static dev.workcluster.leader.state.TaskStatus.SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The lifecycle table, pair by pair, written out independently of the code under test. */
class TaskStatusTest {

    /**
     * SCHEDULED → PENDING | CANCELLED; PENDING → RUNNING → COMPLETED | ERROR | CANCELLED; PENDING → CANCELLED |
     * ERROR (not started in time); RUNNING → PENDING (retry/requeue).
     */
    private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED = Map.of(
            SCHEDULED, EnumSet.of(PENDING, CANCELLED),
            PENDING, EnumSet.of(RUNNING, CANCELLED, ERROR),
            RUNNING, EnumSet.of(PENDING, COMPLETED, ERROR, CANCELLED),
            COMPLETED, EnumSet.noneOf(TaskStatus.class),
            CANCELLED, EnumSet.noneOf(TaskStatus.class),
            ERROR, EnumSet.noneOf(TaskStatus.class));

    /** How to bring a fresh task into each status through allowed moves only (a delayed one starts SCHEDULED). */
    private static final Map<TaskStatus, List<TaskStatus>> PATH = Map.of(
            SCHEDULED, List.of(),
            PENDING, List.of(),
            RUNNING, List.of(RUNNING),
            COMPLETED, List.of(RUNNING, COMPLETED),
            CANCELLED, List.of(CANCELLED),
            ERROR, List.of(RUNNING, ERROR));

    static Stream<Arguments> everyOrderedPair() {
        return Arrays.stream(TaskStatus.values())
                .flatMap(from -> Arrays.stream(TaskStatus.values())
                        .map(to -> Arguments.of(from, to, ALLOWED.get(from).contains(to))));
    }

    @Test
    void theTableCoversAllThirtySixPairs() {
        assertThat(TaskStatus.values()).hasSize(6);
        assertThat(everyOrderedPair()).hasSize(36);
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("everyOrderedPair")
    void canMoveToMatchesTheLifecycleTable(TaskStatus from, TaskStatus to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "task record {0} -> {1} allowed: {2}")
    @MethodSource("everyOrderedPair")
    void aTaskRecordRefusesEveryMoveOutsideTheTable(TaskStatus from, TaskStatus to, boolean allowed) {
        TaskRecord task = new TaskRecord("t1", "p", Priority.LOW, 3, 0, 0);
        if (from == SCHEDULED) {
            task.holdUntilRunAt();
        }
        PATH.get(from).forEach(task::moveTo);
        assertThat(task.status()).isEqualTo(from);

        if (allowed) {
            assertThatNoException().isThrownBy(() -> task.moveTo(to));
            assertThat(task.status()).isEqualTo(to);
        } else {
            assertThatIllegalStateException().isThrownBy(() -> task.moveTo(to));
            assertThat(task.status()).isEqualTo(from);
        }
    }

    @ParameterizedTest(name = "{0} finished: {1}")
    @CsvSource({
        "SCHEDULED, false",
        "PENDING, false",
        "RUNNING, false",
        "COMPLETED, true",
        "CANCELLED, true",
        "ERROR, true"
    })
    void isFinished(TaskStatus status, boolean finished) {
        assertThat(status.isFinished()).isEqualTo(finished);
    }

    @ParameterizedTest
    @CsvSource({"PENDING, 1", "RUNNING, 2", "COMPLETED, 3", "CANCELLED, 4", "ERROR, 5", "SCHEDULED, 6"})
    void wireNumbersMatchSchedulerV1TaskStatus(TaskStatus status, int wireNumber) {
        assertThat(status.wireNumber).isEqualTo(wireNumber);
        assertThat(TaskStatus.fromWireNumber(wireNumber)).isEqualTo(status);
    }

    @ParameterizedTest
    @EnumSource(TaskStatus.class)
    void noStatusMovesToItself(TaskStatus status) {
        assertThat(status.canMoveTo(status)).isFalse();
    }
}
