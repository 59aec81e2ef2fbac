package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.snapshot;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_ALREADY_EXISTS;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_FAILED_PRECONDITION;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_NOT_FOUND;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.CreateSchedule;
import dev.workcluster.leader.state.proto.DeleteSchedule;
import dev.workcluster.leader.state.proto.FireSchedule;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.SetSchedulePaused;
import dev.workcluster.leader.state.proto.StoredSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recurring schedules in the state machine: every fire time comes in the command, a firing makes the
 * task {@code <id>@<fire time>} under the overlap policy, and a stale or repeated firing makes nothing.
 * Given: "every5" fires every 5 s from 5 s (created at 0), with a skip overlap policy.
 */
class RecurringSchedulesTest {
    private final ClusterState state = newState();

    private static StoredSchedule.Builder every5() {
        return StoredSchedule.newBuilder()
                .setId("every5")
                .setEveryMillis(5_000)
                .setTask(ScheduleTask.newBuilder().setPayload("tick").setMaxAttempts(1))
                .setOverlap(1)
                .setMaxCatchUp(1)
                .setNextFireMillis(5_000);
    }

    private static Command create(StoredSchedule.Builder schedule) {
        return Command.newBuilder()
                .setCreateSchedule(CreateSchedule.newBuilder().setSchedule(schedule))
                .build();
    }

    private static Command fire(String id, long expected, List<Long> fireTimes, long missed, long next) {
        return Command.newBuilder()
                .setFireSchedule(FireSchedule.newBuilder()
                        .setId(id)
                        .setExpectedNextFireMillis(expected)
                        .addAllFireMillis(fireTimes)
                        .setMissed(missed)
                        .setNextFireMillis(next))
                .build();
    }

    private static Command paused(String id, boolean paused, long next) {
        return Command.newBuilder()
                .setSetSchedulePaused(SetSchedulePaused.newBuilder()
                        .setId(id)
                        .setPaused(paused)
                        .setNextFireMillis(next))
                .build();
    }

    @Test
    void aFiringCreatesTheTaskNamedAfterItsFireTimeAndMovesTheNextFireTime() {
        applyOk(state, at(0, create(every5())));

        CommandResult fired = applyOk(state, at(5_003, fire("every5", 5_000, List.of(5_000L), 0, 10_000)));

        TaskRecord task = state.task("every5@1970-01-01T00:00:05Z");
        assertThat(task).isNotNull();
        assertThat(task.payload()).isEqualTo("tick");
        assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(fired.getTasksList()).extracting(t -> t.getId()).containsExactly(task.id());
        StoredSchedule schedule = state.schedule("every5");
        assertThat(schedule.getNextFireMillis()).isEqualTo(10_000);
        assertThat(schedule.getLastFiredMillis()).isEqualTo(5_000);
        assertThat(schedule.getLastTaskId()).isEqualTo(task.id());
        assertThat(schedule.getFired()).isEqualTo(1);
        assertThat(schedule.getCreatedMillis()).isZero();
    }

    @Test
    void aRepeatedOrLateFiringOfTheSameFireTimeIsStaleAndMakesNothing() {
        applyOk(state, at(0, create(every5())), at(5_003, fire("every5", 5_000, List.of(5_000L), 0, 10_000)));

        assertRejectedUnchanged(
                state, at(5_010, fire("every5", 5_000, List.of(5_000L), 0, 10_000)), RESULT_CODE_FAILED_PRECONDITION);
        assertRejectedUnchanged(
                state, at(5_010, fire("nope", 5_000, List.of(5_000L), 0, 10_000)), RESULT_CODE_FAILED_PRECONDITION);
    }

    @Test
    void skipLeavesNoSecondTaskWhileTheLastOneIsUnfinishedAndFiresAgainOnceItFinished() {
        applyOk(
                state,
                join("w1", 1),
                at(0, create(every5())),
                at(5_000, fire("every5", 5_000, List.of(5_000L), 0, 10_000)),
                at(5_000, assign("every5@1970-01-01T00:00:05Z", "w1", 1)));

        applyOk(state, at(10_000, fire("every5", 10_000, List.of(10_000L), 0, 15_000)));

        StoredSchedule schedule = state.schedule("every5");
        assertThat(state.task("every5@1970-01-01T00:00:10Z")).isNull();
        assertThat(schedule.getSkipped()).isEqualTo(1);
        assertThat(schedule.getLastError()).contains("still RUNNING");
        assertThat(schedule.getLastTaskId()).isEqualTo("every5@1970-01-01T00:00:05Z");

        applyOk(
                state,
                at(12_000, complete("every5@1970-01-01T00:00:05Z", 1, "ok")),
                at(15_000, fire("every5", 15_000, List.of(15_000L), 0, 20_000)));
        assertThat(state.task("every5@1970-01-01T00:00:15Z")).isNotNull();
        assertThat(state.schedule("every5").getLastError()).isEmpty();
    }

    @Test
    void allowRunsTheNextTaskBesideTheUnfinishedOne() {
        applyOk(
                state,
                at(0, create(every5().setOverlap(RecurringSchedules.OVERLAP_ALLOW))),
                at(5_000, fire("every5", 5_000, List.of(5_000L), 0, 10_000)),
                at(10_000, fire("every5", 10_000, List.of(10_000L), 0, 15_000)));

        assertThat(state.task("every5@1970-01-01T00:00:05Z").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.task("every5@1970-01-01T00:00:10Z").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.schedule("every5").getFired()).isEqualTo(2);
    }

    @Test
    void cancelPreviousCancelsTheRunningTaskNamesItsWorkerForStoppingAndStartsANewOne() {
        applyOk(
                state,
                join("w1", 1),
                at(0, create(every5().setOverlap(RecurringSchedules.OVERLAP_CANCEL_PREVIOUS))),
                at(5_000, fire("every5", 5_000, List.of(5_000L), 0, 10_000)),
                at(5_000, assign("every5@1970-01-01T00:00:05Z", "w1", 1)));

        CommandResult fired = applyOk(state, at(10_000, fire("every5", 10_000, List.of(10_000L), 0, 15_000)));

        assertThat(state.task("every5@1970-01-01T00:00:05Z").status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(fired.getStopMemberId()).isEqualTo("w1");
        assertThat(fired.getTask().getId()).isEqualTo("every5@1970-01-01T00:00:05Z");
        assertThat(state.task("every5@1970-01-01T00:00:10Z").status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    void catchUpFiresTheGivenFireTimesAndCountsTheMissedOnes() {
        applyOk(
                state,
                at(
                        0,
                        create(every5().setOverlap(RecurringSchedules.OVERLAP_ALLOW)
                                .setMaxCatchUp(2))));

        applyOk(state, at(61_000, fire("every5", 5_000, List.of(55_000L, 60_000L), 10, 65_000)));

        StoredSchedule schedule = state.schedule("every5");
        assertThat(state.task("every5@1970-01-01T00:00:55Z")).isNotNull();
        assertThat(state.task("every5@1970-01-01T00:01:00Z")).isNotNull();
        assertThat(schedule.getFired()).isEqualTo(2);
        assertThat(schedule.getMissed()).isEqualTo(10);
        assertThat(schedule.getNextFireMillis()).isEqualTo(65_000);
    }

    @Test
    void aPausedScheduleDoesNotFireAndResumingTakesTheLeadersNextFireTime() {
        applyOk(state, at(0, create(every5())), at(1_000, paused("every5", true, 0)));

        assertRejectedUnchanged(
                state, at(5_000, fire("every5", 5_000, List.of(5_000L), 0, 10_000)), RESULT_CODE_FAILED_PRECONDITION);

        applyOk(state, at(31_000, paused("every5", false, 35_000)));
        assertThat(state.schedule("every5").getPaused()).isFalse();
        assertThat(state.schedule("every5").getNextFireMillis()).isEqualTo(35_000);
    }

    @Test
    void creatingTheSameDefinitionAgainReturnsItAndAnotherDefinitionIsRefused() {
        applyOk(state, at(0, create(every5())));

        CommandResult again = applyOk(state, at(2_000, create(every5().setNextFireMillis(7_000))));
        assertThat(again.getSchedule().getNextFireMillis()).isEqualTo(5_000);
        assertRejectedUnchanged(state, at(2_000, create(every5().setEveryMillis(6_000))), RESULT_CODE_ALREADY_EXISTS);
    }

    @Test
    void unknownSchedulesAreNotFoundAndDeletingKeepsTheTasksItMade() {
        assertRejectedUnchanged(state, paused("ghost", true, 0), RESULT_CODE_NOT_FOUND);
        assertRejectedUnchanged(
                state,
                Command.newBuilder()
                        .setDeleteSchedule(DeleteSchedule.newBuilder().setId("ghost"))
                        .build(),
                RESULT_CODE_NOT_FOUND);

        applyOk(
                state,
                at(0, create(every5())),
                at(5_000, fire("every5", 5_000, List.of(5_000L), 0, 10_000)),
                Command.newBuilder()
                        .setDeleteSchedule(DeleteSchedule.newBuilder().setId("every5"))
                        .build());
        assertThat(state.schedule("every5")).isNull();
        assertThat(state.task("every5@1970-01-01T00:00:05Z")).isNotNull();
    }

    @Test
    void theNumberOfSchedulesIsBounded() {
        for (int i = 0; i < RecurringSchedules.MAX_SCHEDULES; i++) {
            applyOk(state, create(every5().setId("s" + i)));
        }
        assertRejectedUnchanged(state, create(every5().setId("one-more")), RESULT_CODE_RESOURCE_EXHAUSTED);
    }

    @Test
    void schedulesSurviveASnapshotExactly() {
        applyOk(
                state,
                at(0, create(every5())),
                at(5_000, fire("every5", 5_000, List.of(5_000L), 0, 10_000)),
                at(6_000, create(every5().setId("paused-one"))),
                paused("paused-one", true, 0));

        ClusterState restored = StateSnapshots.decode(snapshot(state), state.limits());

        assertThat(snapshot(restored)).isEqualTo(snapshot(state));
        assertThat(restored.schedules()).containsExactlyElementsOf(state.schedules());
    }
}
