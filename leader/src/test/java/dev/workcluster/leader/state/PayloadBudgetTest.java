package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.cancel;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.limits;
import static dev.workcluster.leader.state.States.stateWith;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.ScheduleTasks;
import org.junit.jupiter.api.Test;

/** Unfinished tasks' payloads share one byte budget; finishing a task gives its bytes back. */
class PayloadBudgetTest {
    private static final String KB = "x".repeat(1000);

    private static ClusterState budgetOf(long bytes) {
        return stateWith(l -> l.setMaxPayloadBytes(1000).setMaxUnfinishedPayloadBytes(bytes));
    }

    private static Command batch(String... ids) {
        ScheduleTasks.Builder batch = ScheduleTasks.newBuilder();
        for (String id : ids) {
            batch.addTasks(ScheduleTask.newBuilder().setId(id).setPayload(KB));
        }
        return Command.newBuilder().setScheduleTasks(batch).build();
    }

    @Test
    void aTaskThatWouldGoOverTheBudgetIsRefusedNamingTheLimit() {
        ClusterState state = budgetOf(2_500);
        applyOk(state, schedule("a", KB), schedule("b", KB));

        assertRejectedUnchanged(state, schedule("c", KB), RESULT_CODE_RESOURCE_EXHAUSTED);
        assertThat(state.apply(schedule("c", KB)).getMessage())
                .contains(
                        "payload budget is full",
                        "task 'c' adds 1000",
                        "hold 2000 bytes",
                        "the limit is 2500 (max-unfinished-payload-bytes)");
        applyOk(state, schedule("small", "x".repeat(500)));
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8Bytes() {
        ClusterState state = budgetOf(1_000);
        applyOk(state, schedule("a", "é".repeat(400))); // 800 bytes
        assertThat(state.unfinishedPayloadBytes()).isEqualTo(800);
        assertRejectedUnchanged(state, schedule("b", "€".repeat(67)), RESULT_CODE_RESOURCE_EXHAUSTED); // 201 bytes
        applyOk(state, schedule("b", "€".repeat(66)));
    }

    @Test
    void finishedTasksGiveTheirBytesBackAndRunningOnesKeepThem() {
        ClusterState state = budgetOf(2_000);
        applyOk(state, join("w1", 1), schedule("a", KB), schedule("b", KB), assign("a", "w1", 1));
        assertRejectedUnchanged(state, schedule("c", KB), RESULT_CODE_RESOURCE_EXHAUSTED);

        applyOk(state, complete("a", 1, "done"), cancel("b"));

        assertThat(state.unfinishedPayloadBytes()).isZero();
        applyOk(state, schedule("c", KB), schedule("d", KB));
    }

    @Test
    void aBatchIsAdmittedWholeOrNotAtAllAndTasksItRepeatsCostNothing() {
        ClusterState state = budgetOf(3_000);
        applyOk(state, schedule("a", KB));

        assertRejectedUnchanged(state, batch("b", "c", "d"), RESULT_CODE_RESOURCE_EXHAUSTED);
        assertThat(state.apply(batch("b", "c", "d")).getMessage())
                .contains("the batch adds 3000 bytes", "the limit is 3000");

        applyOk(state, batch("a", "b", "c"));
        assertThat(state.unfinishedPayloadBytes()).isEqualTo(3_000);
    }

    @Test
    void aRestoredStateRecomputesTheBudgetAndDecidesAsTheOriginal() {
        ClusterState original = budgetOf(2_000);
        applyOk(
                original,
                join("w1", 1),
                schedule("a", KB),
                schedule("b", KB),
                assign("a", "w1", 1),
                complete("a", 1, "ok"),
                schedule("c", KB));

        ClusterState restored = StateSnapshots.decode(StateSnapshots.encode(original), original.limits());

        assertThat(restored.unfinishedPayloadBytes())
                .isEqualTo(original.unfinishedPayloadBytes())
                .isEqualTo(2_000);
        assertRejectedUnchanged(restored, schedule("d", KB), RESULT_CODE_RESOURCE_EXHAUSTED);
    }

    @Test
    void anEntryFromBeforeTheBudgetExistedIsReplayedWithoutIt() {
        ClusterState state = budgetOf(1_000);
        CommandBatch old = CommandBatch.newBuilder()
                .setLimits(limits(l -> l.setMaxPayloadBytes(1000)).toProto().toBuilder()
                        .clearMaxUnfinishedPayloadBytes())
                .addCommands(schedule("a", KB))
                .addCommands(schedule("b", KB))
                .build();

        state.apply(old);

        assertThat(state.unfinishedPayloadBytes()).isEqualTo(2_000);
    }
}
