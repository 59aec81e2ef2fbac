package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.cancel;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.fail;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.joinStream;
import static dev.workcluster.leader.state.Commands.leave;
import static dev.workcluster.leader.state.Commands.release;
import static dev.workcluster.leader.state.Commands.releaseDue;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.Commands.scheduleWithAttempts;
import static dev.workcluster.leader.state.Commands.timeOut;
import static dev.workcluster.leader.state.States.applyAll;
import static dev.workcluster.leader.state.States.limits;
import static dev.workcluster.leader.state.States.pendingIds;
import static dev.workcluster.leader.state.States.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.StateSnapshot;
import dev.workcluster.leader.state.proto.StoredMember;
import dev.workcluster.leader.state.proto.StoredTask;
import dev.workcluster.leader.state.proto.TimeoutKind;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StateSnapshotsTest {

    /**
     * Ends with w1 (push) and w2 (stream) running tasks, w3 expired, w4 revived; tasks in every status, one still
     * delayed, one released from its delay, one timed out and waiting for its retry.
     */
    static List<Command> richHistory() {
        return List.of(
                at(1_000, join("w1", 2)),
                at(1_000, joinStream("w2", 1)),
                at(1_000, join("w3", 1)),
                at(1_000, join("w4", 1)),
                at(2_000, schedule("p-low", "p", Priority.LOW)),
                at(2_000, schedule("p-high", "p", Priority.HIGH)),
                at(2_000, schedule("r1", "p", Priority.MEDIUM)),
                at(2_000, schedule("r2", "p")),
                at(2_000, scheduleWithAttempts("retried", "p", 3)),
                at(2_000, schedule("done", "p")),
                at(2_000, schedule("cancelled-pending", "p")),
                at(2_000, schedule("cancelled-running", "p")),
                at(2_000, scheduleWithAttempts("errored", "p", 1)),
                at(2_000, schedule("delayed", "p", new TaskTiming(60_000, 0, 0, 0))),
                at(2_000, schedule("released", "p", new TaskTiming(2_500, 1_000, 5_000, 0))),
                at(2_000, schedule("slow", "p", new TaskTiming(0, 500, 0, 200))),
                at(3_000, releaseDue("released", "delayed")),
                at(3_000, assign("r1", "w1", 1)),
                at(3_000, assign("r2", "w2", 1)),
                at(3_000, assign("retried", "w3", 1)),
                at(3_000, assign("done", "w1", 1)),
                at(3_100, assign("slow", "w4", 1)),
                at(3_700, timeOut("slow", TimeoutKind.TIMEOUT_KIND_START_TO_CLOSE, 1, 1)),
                at(4_000, complete("done", 1, "result-42")),
                at(4_000, cancel("cancelled-pending")),
                at(4_100, assign("cancelled-running", "w1", 1)),
                at(4_200, cancel("cancelled-running")),
                at(4_300, assign("errored", "w4", 1)),
                at(4_400, fail("errored", 1, "boom")),
                at(5_000, expire("w3")),
                at(5_000, expire("w4")),
                at(5_500, join("w4", 1)));
    }

    /** Touches every command kind, including rejections and ignored reports. */
    static List<Command> furtherCommands() {
        return List.of(
                at(6_000, schedule("new", "p", Priority.MEDIUM)),
                at(6_000, assign("p-high", "w4", 1)),
                at(6_100, complete("r1", 0, "r1 done")),
                at(6_200, fail("r2", 1, "stream failed")),
                at(6_300, assign("retried", "w1", 2)),
                at(6_400, cancel("retried")),
                at(6_500, join("w3", 1)),
                at(6_600, assign("r2", "w3", 2)),
                at(6_700, expire("w2")),
                at(6_800, leave("w4")),
                at(6_900, assign("new", "w1", 1)),
                at(7_000, release("new", "w1", 1)),
                at(7_100, schedule("done", "p")),
                at(7_100, schedule("done", "other")),
                at(7_200, complete("r1", 1, "late")),
                at(7_300, assign("p-low", "w2", 1)),
                at(7_400, schedule("newer", "p", Priority.HIGH)),
                at(7_500, timeOut("slow", TimeoutKind.TIMEOUT_KIND_HEARTBEAT, 1, 1)),
                at(7_600, timeOut("released", TimeoutKind.TIMEOUT_KIND_SCHEDULE_TO_START, 0, 0)),
                at(30_000, releaseDue("delayed")),
                at(61_000, releaseDue("delayed")),
                at(61_000, assign("delayed", "w1", 1)));
    }

    @Test
    void theRichHistoryReallyCoversEveryShape() {
        StateSnapshot encoded = snapshot(stateAfter(StateLimits.defaults(), richHistory()));

        assertThat(encoded.getTasksList())
                .extracting(StoredTask::getStatus)
                .containsAll(Arrays.stream(TaskStatus.values())
                        .map(s -> s.wireNumber)
                        .collect(Collectors.toList()));
        assertThat(encoded.getMembersList())
                .extracting(StoredMember::getExpired)
                .contains(true, false);
        assertThat(encoded.getMembersList())
                .filteredOn(m -> m.getRunningTaskIdsCount() > 0)
                .hasSize(2);
        assertThat(encoded.getTasksList()).filteredOn(t -> t.getAttempt() > 1).isNotEmpty();
        assertThat(encoded.getTasksList())
                .filteredOn(t -> t.getQueueOrder() != t.getSequence())
                .extracting(StoredTask::getId)
                .containsExactly("released");
        assertThat(encoded.getTasksList())
                .filteredOn(t -> t.getId().equals("slow"))
                .singleElement()
                .satisfies(t -> assertThat(t.getError()).isEqualTo("timed out after 500ms (attempt 1 of 3)"));
    }

    @Test
    void encodeDecodeEncodeIsExact() {
        ClusterState original = stateAfter(StateLimits.defaults(), richHistory());
        StateSnapshot encoded = snapshot(original);

        ClusterState decoded = StateSnapshots.decode(encoded, original.limits());

        assertThat(snapshot(decoded)).isEqualTo(encoded);
        assertThat(pendingIds(decoded)).isEqualTo(pendingIds(original));
        assertThat(decoded.member("w1").freeSlots())
                .isEqualTo(original.member("w1").freeSlots());
        assertThat(decoded.member("w3").alive()).isFalse();
    }

    @Test
    void anEmptyStateRoundTrips() {
        ClusterState empty = new ClusterState(StateLimits.defaults());
        assertThat(snapshot(StateSnapshots.decode(snapshot(empty), empty.limits())))
                .isEqualTo(snapshot(empty));
    }

    @Test
    void aDecodedStateContinuesIdentically() {
        assertContinuesIdentically(StateLimits.defaults(), richHistory(), furtherCommands());
    }

    @Test
    void theSameCommandsGiveTheSameState() {
        List<Command> commands = concat(richHistory(), furtherCommands());
        ClusterState one = new ClusterState(StateLimits.defaults());
        ClusterState two = new ClusterState(StateLimits.defaults());

        List<CommandResult> results = applyAll(one, commands);

        assertThat(applyAll(two, commands)).isEqualTo(results);
        assertThat(snapshot(two)).isEqualTo(snapshot(one));
        assertThat(results)
                .extracting(CommandResult::getCode)
                .contains(ResultCode.RESULT_CODE_OK, ResultCode.RESULT_CODE_ALREADY_EXISTS);
    }

    @Test
    void aDecodedStateDropsTheSameFinishedTasksAsTheOriginal() {
        StateLimits keepTwo = limits(l -> l.setRetainFinishedCount(2));
        List<Command> history = List.of(
                schedule("a", "p"), schedule("b", "p"), schedule("c", "p"), at(100, cancel("c")), at(200, cancel("a")));
        List<Command> further = List.of(at(300, cancel("b")));

        // regression: TaskTable keeps finished tasks in finish order (c, a) but StateSnapshots.decode
        // restores them in arrival order (a, c), so the original drops c while the decoded state drops a.
        assertContinuesIdentically(keepTwo, history, further);
    }

    @Test
    void aDecodedStateForgetsTheSameExpiredMembersAsTheOriginal() {
        StateLimits tenSeconds = limits(l -> l.setRetainFinishedAgeMillis(10_000));
        List<Command> history = List.of(join("a", 1), join("b", 1), at(1_000, expire("b")), at(5_000, expire("a")));
        List<Command> further = List.of(at(11_001, schedule("t1", "p")));

        // regression: MemberTable keeps expired members in expiry order (b, a) but decode re-adds them
        // in id order (a, b); prune stops at "a" (not old enough), so the decoded state keeps "b".
        assertContinuesIdentically(tenSeconds, history, further);
    }

    private static void assertContinuesIdentically(StateLimits limits, List<Command> history, List<Command> further) {
        ClusterState original = stateAfter(limits, history);
        ClusterState decoded = StateSnapshots.decode(snapshot(original), limits);

        List<CommandResult> originalResults = applyAll(original, further);
        List<CommandResult> decodedResults = applyAll(decoded, further);

        assertThat(decodedResults).isEqualTo(originalResults);
        assertThat(snapshot(decoded)).isEqualTo(snapshot(original));
        assertThat(pendingIds(decoded)).isEqualTo(pendingIds(original));
    }

    private static ClusterState stateAfter(StateLimits limits, List<Command> commands) {
        ClusterState state = new ClusterState(limits);
        List<CommandResult> results = applyAll(state, commands);
        assertThat(results)
                .extracting(CommandResult::getCode)
                .as("history applies cleanly")
                .containsOnly(ResultCode.RESULT_CODE_OK);
        return state;
    }

    private static List<Command> concat(List<Command> first, List<Command> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).collect(Collectors.toList());
    }
}
