package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.pendingIds;
import static dev.workcluster.leader.state.States.stateWith;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_ALREADY_EXISTS;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_INVALID_ARGUMENT;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.ScheduleTasks;
import dev.workcluster.leader.state.proto.StoredTask;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScheduleTasksTest {

    @Test
    void aBatchAddsEveryTaskInItsOrderAndAnswersWithThemInTheSameOrder() {
        ClusterState state = newState();

        CommandResult result = applyOk(state, at(5_000, batch(task("b", "1"), task("a", "2"), task("c", "3"))));

        assertThat(result.getTasksList()).extracting(StoredTask::getId).containsExactly("b", "a", "c");
        assertThat(result.getTasksList())
                .extracting(StoredTask::getCreatedMillis)
                .containsOnly(5_000L);
        assertThat(pendingIds(state)).containsExactly("b", "a", "c");
        assertThat(state.task("a").payload()).isEqualTo("2");
    }

    @Test
    void tasksThatExistIdenticallyAnswerAsTheyAreAndTheRestIsAdded() {
        ClusterState state = newState();
        applyOk(state, join("w1", 1), schedule("old", "p"), assign("old", "w1", 1));

        CommandResult result = applyOk(state, batch(task("old", "p"), task("new", "p")));

        assertThat(result.getTasks(0).getStatus()).isEqualTo(TaskStatus.RUNNING.wireNumber);
        assertThat(result.getTasks(1).getStatus()).isEqualTo(TaskStatus.PENDING.wireNumber);
        assertThat(state.taskCount()).isEqualTo(2);
    }

    @Test
    void oneTaskWithAnotherPayloadRefusesTheWholeBatch() {
        ClusterState state = newState();
        applyOk(state, schedule("t1", "p"));
        assertRejectedUnchanged(state, batch(task("t2", "p"), task("t1", "other")), RESULT_CODE_ALREADY_EXISTS);
    }

    @Test
    void theSameIdTwiceWithDifferentPayloadsIsRefused() {
        ClusterState state = newState();
        assertRejectedUnchanged(state, batch(task("t1", "p"), task("t1", "q")), RESULT_CODE_ALREADY_EXISTS);
    }

    @Test
    void theSameIdTwiceWithTheSamePayloadIsOneTask() {
        ClusterState state = newState();
        CommandResult result = applyOk(state, batch(task("t1", "p"), task("t1", "p")));
        assertThat(result.getTasksCount()).isEqualTo(2);
        assertThat(result.getTasks(0)).isEqualTo(result.getTasks(1));
        assertThat(state.taskCount()).isEqualTo(1);
    }

    @Test
    void anInvalidTaskAnywhereRefusesTheWholeBatch() {
        ClusterState state = stateWith(l -> l.setMaxPayloadBytes(4));
        assertRejectedUnchanged(state, batch(task("t1", "p"), task("t2", "too long")), RESULT_CODE_INVALID_ARGUMENT);
        assertRejectedUnchanged(state, batch(task("t1", "p"), task("", "p")), RESULT_CODE_INVALID_ARGUMENT);
        assertRejectedUnchanged(
                state,
                Command.newBuilder()
                        .setScheduleTasks(ScheduleTasks.getDefaultInstance())
                        .build(),
                RESULT_CODE_INVALID_ARGUMENT);
    }

    @Test
    void aBatchThatDoesNotFitTheQueueIsRefusedWhole() {
        ClusterState state = stateWith(l -> l.setMaxQueuedTasks(3));
        applyOk(state, schedule("t1", "p"));

        assertRejectedUnchanged(
                state, batch(task("t2", "p"), task("t3", "p"), task("t4", "p")), RESULT_CODE_RESOURCE_EXHAUSTED);
        // tasks already queued do not need room again
        applyOk(state, batch(task("t1", "p"), task("t2", "p"), task("t3", "p")));
        assertThat(state.pendingCount()).isEqualTo(3);
    }

    private static ScheduleTask task(String id, String payload) {
        return ScheduleTask.newBuilder().setId(id).setPayload(payload).build();
    }

    private static Command batch(ScheduleTask... tasks) {
        return Command.newBuilder()
                .setScheduleTasks(ScheduleTasks.newBuilder().addAllTasks(Arrays.asList(tasks)))
                .build();
    }
}
