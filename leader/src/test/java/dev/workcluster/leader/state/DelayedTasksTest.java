package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.cancel;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.releaseDue;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertIgnored;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.pendingIds;
import static dev.workcluster.leader.state.States.snapshot;
import static dev.workcluster.leader.state.States.stateWith;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_FAILED_PRECONDITION;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_INVALID_ARGUMENT;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ScheduleTask;
import org.junit.jupiter.api.Test;

/** A task with a run_at waits SCHEDULED until a ReleaseDueTasks stamped at or after it; then it queues as new. */
class DelayedTasksTest {
    private static final TaskTiming AT_10S = new TaskTiming(10_000, 0, 0, 0);

    private final ClusterState state = newState();

    @Test
    void aTaskWhoseRunAtLiesAheadWaitsScheduledOutOfTheQueue() {
        CommandResult result = applyOk(state, at(1_000, schedule("later", "p", AT_10S)));

        TaskRecord later = state.task("later");
        assertThat(later.status()).isEqualTo(TaskStatus.SCHEDULED);
        assertThat(result.getTask().getRunAtMillis()).isEqualTo(10_000);
        assertThat(later.readyMillis()).isEqualTo(10_000);
        assertThat(pendingIds(state)).isEmpty();
        assertThat(state.count(TaskStatus.SCHEDULED)).isEqualTo(1);
        assertThat(TaskDeadlines.releaseAt(later)).isEqualTo(10_000);
    }

    @Test
    void aRunAtThatHasAlreadyComeQueuesTheTaskAtOnce() {
        applyOk(state, at(10_000, schedule("now", "p", AT_10S)), at(10_001, schedule("past", "p", AT_10S)));

        assertThat(pendingIds(state)).containsExactly("now", "past");
        assertThat(TaskDeadlines.releaseAt(state.task("now"))).isEqualTo(TaskDeadlines.NONE);
    }

    @Test
    void aReleaseBeforeTheRunAtChangesNothing() {
        applyOk(state, at(1_000, schedule("later", "p", AT_10S)));

        assertIgnored(state, at(9_999, releaseDue("later")));

        assertThat(state.task("later").status()).isEqualTo(TaskStatus.SCHEDULED);
    }

    @Test
    void aDueTaskIsReleasedAndQueuesBehindWhatArrivedWhileItWaited() {
        applyOk(
                state,
                at(1_000, schedule("later", "p", AT_10S)),
                at(2_000, schedule("meanwhile", "p")),
                at(10_000, releaseDue("later")),
                at(10_500, schedule("after", "p")));

        assertThat(state.task("later").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(pendingIds(state)).containsExactly("meanwhile", "later", "after");
        assertThat(state.task("later").queueOrder())
                .isGreaterThan(state.task("meanwhile").sequence());
        assertThat(state.oldestPending().id()).isEqualTo("meanwhile");
    }

    @Test
    void priorityStillComesFirstAmongReleasedTasks() {
        applyOk(
                state,
                at(1_000, schedule("low", "p", Priority.LOW)),
                at(
                        1_000,
                        schedule(ScheduleTask.newBuilder()
                                .setId("high-later")
                                .setPayload("p")
                                .setPriority(Priority.HIGH.wireNumber)
                                .setRunAtMillis(5_000))),
                at(5_000, releaseDue("high-later")));

        assertThat(pendingIds(state)).containsExactly("high-later", "low");
    }

    @Test
    void aReleaseSkipsTasksThatAreNotScheduledOrNotKnown() {
        applyOk(
                state,
                join("w1", 1),
                at(1_000, schedule("running", "p")),
                assign("running", "w1", 1),
                at(1_000, schedule("later", "p", AT_10S)));

        applyOk(state, at(20_000, releaseDue("running", "unknown", "later", "later")));

        assertThat(state.task("running").status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(pendingIds(state)).containsExactly("later");
        assertIgnored(state, at(30_000, releaseDue("later")));
    }

    @Test
    void aScheduledTaskCanBeCancelled() {
        applyOk(state, at(1_000, schedule("later", "p", AT_10S)));

        CommandResult result = applyOk(state, at(2_000, cancel("later")));

        assertThat(state.task("later").status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(result.getStopMemberId()).isEmpty();
        assertThat(state.count(TaskStatus.SCHEDULED)).isZero();
        assertThat(state.unfinishedPayloadBytes()).isZero();
        assertIgnored(state, at(10_000, releaseDue("later")));
    }

    @Test
    void aScheduledTaskCannotBeAssigned() {
        applyOk(state, join("w1", 1), at(1_000, schedule("later", "p", AT_10S)));

        assertRejectedUnchanged(state, assign("later", "w1", 1), RESULT_CODE_FAILED_PRECONDITION);
    }

    @Test
    void scheduledTasksCountAgainstTheQueueLimitAndThePayloadBudget() {
        ClusterState small = stateWith(l -> l.setMaxQueuedTasks(2));
        applyOk(small, at(1_000, schedule("a", "pp", AT_10S)), at(1_000, schedule("b", "pp")));

        assertThat(small.unfinishedPayloadBytes()).isEqualTo(4);
        assertRejectedUnchanged(small, at(1_000, schedule("c", "p", AT_10S)), RESULT_CODE_RESOURCE_EXHAUSTED);
        assertThat(small.apply(at(1_000, schedule("c", "p"))).getMessage())
                .isEqualTo("queue is full: 2 tasks pending or scheduled");
    }

    @Test
    void negativeTimingIsRefusedWithoutAnException() {
        Command negative = at(
                1_000,
                schedule(ScheduleTask.newBuilder().setId("t").setPayload("p").setRunAtMillis(-5)));

        assertRejectedUnchanged(state, negative, RESULT_CODE_INVALID_ARGUMENT);
    }

    @Test
    void aReleasedTaskSurvivesASnapshotWithItsPlaceInTheQueue() {
        applyOk(
                state,
                at(1_000, schedule("later", "p", AT_10S)),
                at(2_000, schedule("meanwhile", "p")),
                at(3_000, schedule("still-later", "p", new TaskTiming(50_000, 0, 0, 0))),
                at(10_000, releaseDue("later")));

        ClusterState restored = StateSnapshots.decode(snapshot(state), state.limits());

        assertThat(snapshot(restored)).isEqualTo(snapshot(state));
        assertThat(pendingIds(restored)).containsExactly("meanwhile", "later");
        assertThat(restored.task("still-later").status()).isEqualTo(TaskStatus.SCHEDULED);
        assertThat(restored.task("still-later").timing()).isEqualTo(new TaskTiming(50_000, 0, 0, 0));
    }
}
