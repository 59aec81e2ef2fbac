package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.cancel;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.fail;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.Commands.scheduleWithAttempts;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.newState;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** tasks(status, afterSequence, limit). Given, in arrival order: t0..t6 in mixed statuses, some priorities mixed. */
class PagingTest {
    /** Sequences start at 0, so the first page is asked for "after -1". */
    private static final long FROM_START = -1;

    private final ClusterState state = newState();

    @BeforeEach
    void sevenTasks() {
        applyOk(
                state,
                join("w1", 3),
                schedule("t0", "p"),
                schedule("t1", "p", Priority.HIGH),
                schedule("t2", "p"),
                schedule("t3", "p", Priority.MEDIUM),
                schedule("t4", "p"),
                schedule("t5", "p"),
                scheduleWithAttempts("t6", "p", 1),
                assign("t1", "w1", 1),
                assign("t2", "w1", 1),
                assign("t6", "w1", 1),
                complete("t2", 1, "r"),
                cancel("t4"),
                fail("t6", 1, "boom"));
    }

    @Test
    void oneBigPageListsEveryTaskInArrivalOrder() {
        ClusterState.TaskPage page = state.tasks(null, FROM_START, 100);

        assertThat(ids(page)).containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6");
        assertThat(page.nextAfterSequence()).isEqualTo(-1);
    }

    @Test
    void aStatusFilterKeepsArrivalOrder() {
        assertThat(ids(state.tasks(TaskStatus.PENDING, FROM_START, 100))).containsExactly("t0", "t3", "t5");
        assertThat(ids(state.tasks(TaskStatus.RUNNING, FROM_START, 100))).containsExactly("t1");
        assertThat(ids(state.tasks(TaskStatus.COMPLETED, FROM_START, 100))).containsExactly("t2");
        assertThat(ids(state.tasks(TaskStatus.CANCELLED, FROM_START, 100))).containsExactly("t4");
        assertThat(ids(state.tasks(TaskStatus.ERROR, FROM_START, 100))).containsExactly("t6");
    }

    @Test
    void pagesChainThroughNextAfterSequence() {
        ClusterState.TaskPage first = state.tasks(null, FROM_START, 3);
        assertThat(ids(first)).containsExactly("t0", "t1", "t2");
        assertThat(first.nextAfterSequence()).isEqualTo(state.task("t2").sequence());

        ClusterState.TaskPage second = state.tasks(null, first.nextAfterSequence(), 3);
        assertThat(ids(second)).containsExactly("t3", "t4", "t5");

        ClusterState.TaskPage last = state.tasks(null, second.nextAfterSequence(), 3);
        assertThat(ids(last)).containsExactly("t6");
        assertThat(last.nextAfterSequence()).isEqualTo(-1);
    }

    @Test
    void aPageThatExactlyEndsTheListIsTheLastPage() {
        ClusterState.TaskPage page = state.tasks(TaskStatus.PENDING, FROM_START, 3);

        assertThat(ids(page)).containsExactly("t0", "t3", "t5");
        assertThat(page.nextAfterSequence()).isEqualTo(-1);
    }

    @Test
    void anEmptyListingIsOneEmptyLastPage() {
        ClusterState.TaskPage page = newState().tasks(null, FROM_START, 10);

        assertThat(page.tasks()).isEmpty();
        assertThat(page.nextAfterSequence()).isEqualTo(-1);
    }

    @Test
    void aTaskScheduledWhileWalkingShowsUpOnALaterPage() {
        ClusterState.TaskPage first = state.tasks(TaskStatus.PENDING, FROM_START, 2);
        applyOk(state, schedule("t7", "p"));

        List<String> rest = walk(TaskStatus.PENDING, first.nextAfterSequence(), 2);

        assertThat(rest).containsExactly("t5", "t7");
    }

    static Stream<Arguments> walks() {
        List<TaskStatus> filters = new ArrayList<>(Arrays.asList(TaskStatus.values()));
        filters.add(null);
        return filters.stream()
                .flatMap(status -> IntStream.rangeClosed(1, 8).mapToObj(limit -> Arguments.of(status, limit)));
    }

    @ParameterizedTest(name = "status {0}, limit {1}")
    @MethodSource("walks")
    void walkingAllPagesReturnsEachTaskExactlyOnce(TaskStatus status, int limit) {
        List<String> expected = ids(state.tasks(status, FROM_START, Integer.MAX_VALUE));

        List<String> walked = walk(status, FROM_START, limit);

        assertThat(walked).containsExactlyElementsOf(expected).doesNotHaveDuplicates();
    }

    private List<String> walk(TaskStatus status, long after, int limit) {
        List<String> all = new ArrayList<>();
        int pages = 0;
        do {
            ClusterState.TaskPage page = state.tasks(status, after, limit);
            assertThat(page.tasks()).hasSizeLessThanOrEqualTo(limit);
            page.tasks().forEach(task -> all.add(task.id()));
            after = page.nextAfterSequence();
            assertThat(++pages).as("pages walked").isLessThanOrEqualTo(20);
        } while (after != -1);
        return all;
    }

    private static List<String> ids(ClusterState.TaskPage page) {
        return page.tasks().stream().map(TaskRecord::id).collect(Collectors.toList());
    }
}
