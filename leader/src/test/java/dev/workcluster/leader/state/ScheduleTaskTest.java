package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.Commands.scheduleWithAttempts;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.snapshot;
import static dev.workcluster.leader.state.States.stateWith;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_ALREADY_EXISTS;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_INVALID_ARGUMENT;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.StateSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTaskTest {

    @Test
    void aNewTaskIsPendingAtItsFirstAttempt() {
        ClusterState state = newState();

        CommandResult result = applyOk(state, at(1_000, schedule("t1", "payload", Priority.HIGH)));

        TaskRecord task = state.task("t1");
        assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(task.payload()).isEqualTo("payload");
        assertThat(task.priority()).isEqualTo(Priority.HIGH);
        assertThat(task.attempt()).isEqualTo(1);
        assertThat(task.createdMillis()).isEqualTo(1_000);
        assertThat(task.memberId()).isEmpty();
        assertThat(result.getTask()).isEqualTo(StateSnapshots.encode(task));
        assertThat(state.pendingCount()).isEqualTo(1);
    }

    @Test
    void unspecifiedPriorityIsReportedAsSent() {
        ClusterState state = newState();
        applyOk(state, schedule("t1", "p"));
        assertThat(state.task("t1").priority()).isEqualTo(Priority.UNSPECIFIED);
    }

    @ParameterizedTest(name = "id ''{0}'' payload ''{1}''")
    @CsvSource(value = {"'', p", "t1, ''", "'', ''"})
    void emptyIdOrPayloadIsInvalid(String id, String payload) {
        ClusterState state = newState();
        assertRejectedUnchanged(state, schedule(id, payload), RESULT_CODE_INVALID_ARGUMENT);
    }

    @Test
    void duplicateIdWithSamePayloadIsIdempotentAndReturnsTheStoredTask() {
        ClusterState state = newState();
        applyOk(state, join("w1", 1), schedule("t1", "p"), assign("t1", "w1", 1));
        StateSnapshot before = snapshot(state);

        CommandResult again = applyOk(state, at(9_000, schedule("t1", "p", Priority.HIGH)));

        assertThat(snapshot(state)).isEqualTo(before);
        assertThat(again.getTask()).isEqualTo(StateSnapshots.encode(state.task("t1")));
        assertThat(again.getTask().getStatus()).isEqualTo(TaskStatus.RUNNING.wireNumber);
    }

    @Test
    void duplicateIdWithDifferentPayloadAlreadyExists() {
        ClusterState state = newState();
        applyOk(state, schedule("t1", "p"));
        assertRejectedUnchanged(state, schedule("t1", "other"), RESULT_CODE_ALREADY_EXISTS);
        assertThat(state.task("t1").payload()).isEqualTo("p");
    }

    @Test
    void payloadOverTheByteLimitIsInvalid() {
        ClusterState state = stateWith(l -> l.setMaxPayloadBytes(4));

        applyOk(state, schedule("fits", "abcd"));
        assertRejectedUnchanged(state, schedule("over", "abcde"), RESULT_CODE_INVALID_ARGUMENT);
        // UTF-8 bytes, not characters: three "é" are six bytes
        assertRejectedUnchanged(state, schedule("multibyte", "ééé"), RESULT_CODE_INVALID_ARGUMENT);
    }

    @Test
    void aFullQueueIsResourceExhaustedButRunningTasksDoNotCount() {
        ClusterState state = stateWith(l -> l.setMaxQueuedTasks(2));
        applyOk(state, join("w1", 1), schedule("t1", "p"), schedule("t2", "p"));

        assertRejectedUnchanged(state, schedule("t3", "p"), RESULT_CODE_RESOURCE_EXHAUSTED);
        // an idempotent retry of a queued task is still fine when full
        applyOk(state, schedule("t1", "p"));

        applyOk(state, assign("t1", "w1", 1));
        applyOk(state, schedule("t3", "p"));
        assertThat(state.pendingCount()).isEqualTo(2);
        assertThat(state.taskCount()).isEqualTo(3);
    }

    @Test
    void maxAttemptsZeroMeansTheDefault() {
        ClusterState state = stateWith(l -> l.setDefaultMaxAttempts(4).setMaxAttemptsCeiling(10));
        applyOk(state, scheduleWithAttempts("t1", "p", 0));
        assertThat(state.task("t1").maxAttempts()).isEqualTo(4);
    }

    @Test
    void maxAttemptsUpToTheCeilingIsKept() {
        ClusterState state = stateWith(l -> l.setMaxAttemptsCeiling(10));
        applyOk(state, scheduleWithAttempts("one", "p", 1), scheduleWithAttempts("ten", "p", 10));
        assertThat(state.task("one").maxAttempts()).isEqualTo(1);
        assertThat(state.task("ten").maxAttempts()).isEqualTo(10);
    }

    @Test
    void maxAttemptsOverTheCeilingIsInvalid() {
        ClusterState state = stateWith(l -> l.setMaxAttemptsCeiling(10));
        assertRejectedUnchanged(state, scheduleWithAttempts("t1", "p", 11), RESULT_CODE_INVALID_ARGUMENT);
    }

    @Test
    void maxAttemptsIsUnsignedSoAHugeValueIsOverTheCeiling() {
        ClusterState state = newState();
        // regression: max_attempts is a uint32; 4294967295 arrives as int -1, slips past the signed
        // "> ceiling" check in TaskCommands.schedule and is stored as maxAttempts -1.
        assertRejectedUnchanged(state, scheduleWithAttempts("t1", "p", 0xFFFF_FFFF), RESULT_CODE_INVALID_ARGUMENT);
    }

    @Test
    void anUnknownPriorityNumberIsInvalidNotAnException() {
        ClusterState state = newState();
        Command badPriority =
                schedule(ScheduleTask.newBuilder().setId("t1").setPayload("p").setPriority(7));
        // regression: Priority.fromWireNumber throws IllegalArgumentException out of apply();
        // a business rejection must be a result, or every replica fails on the same log entry.
        assertRejectedUnchanged(state, badPriority, RESULT_CODE_INVALID_ARGUMENT);
    }

    @Test
    void rejectionsDoNotConsumeASequenceNumber() {
        ClusterState state = stateWith(l -> l.setMaxAttemptsCeiling(10));
        applyOk(state, schedule("t1", "p"));
        state.apply(scheduleWithAttempts("bad", "p", 11));
        state.apply(schedule("t1", "other"));
        applyOk(state, schedule("t2", "p"));
        assertThat(state.task("t2").sequence()).isEqualTo(state.task("t1").sequence() + 1);
    }
}
