package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.addressOf;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.newState;
import static dev.workcluster.leader.state.States.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.JoinMember;
import dev.workcluster.leader.state.proto.LabelOp;
import dev.workcluster.leader.state.proto.LabelRequirement;
import dev.workcluster.leader.state.proto.Placement;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.Transport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Worker labels and task selectors in placement: a task starts only on a member its selector
 * allows, one no free member matches waits while the tasks behind it start, and both labels and
 * selectors are part of the replicated state. Given: gpu1 (gpu=true, zone=eu, 1 slot), cpu1 (zone=us,
 * 2 slots), plain (no labels, 1 slot).
 */
class SelectorPlacementTest {
    private static final Placement EVERYONE =
            Placement.newBuilder().setMaxStarts(100).build();
    private final ClusterState state = newState();

    SelectorPlacementTest() {
        applyOk(
                state,
                join("gpu1", 1, Map.of("gpu", "true", "zone", "eu")),
                join("cpu1", 2, Map.of("zone", "us")),
                join("plain", 1, Map.of()));
    }

    static Command join(String id, int slots, Map<String, String> labels) {
        return Command.newBuilder()
                .setJoinMember(JoinMember.newBuilder()
                        .setId(id)
                        .setAddress(addressOf(id))
                        .setSlots(slots)
                        .setTransport(Transport.TRANSPORT_PUSH)
                        .putAllLabels(labels))
                .build();
    }

    static LabelRequirement in(String key, String... values) {
        return LabelRequirement.newBuilder()
                .setKey(key)
                .setOp(LabelOp.LABEL_OP_IN)
                .addAllValues(List.of(values))
                .build();
    }

    static LabelRequirement op(String key, LabelOp op, String... values) {
        return LabelRequirement.newBuilder()
                .setKey(key)
                .setOp(op)
                .addAllValues(List.of(values))
                .build();
    }

    private static Command task(String id, LabelRequirement... selector) {
        return Command.newBuilder()
                .setScheduleTask(
                        ScheduleTask.newBuilder().setId(id).setPayload("p").addAllSelector(List.of(selector)))
                .build();
    }

    private void place(Command... commands) {
        CommandBatch.Builder entry = CommandBatch.newBuilder().setPlacement(EVERYONE);
        for (Command command : commands) {
            entry.addCommands(command);
        }
        state.apply(entry.build());
    }

    private String ranOn(String taskId) {
        return state.task(taskId).memberId();
    }

    @Test
    void aTaskStartsOnlyOnAMemberItsSelectorAllows() {
        place(
                task("needs-gpu", in("gpu", "true")),
                task("not-us", op("zone", LabelOp.LABEL_OP_NOT_IN, "us")),
                task("no-gpu", op("gpu", LabelOp.LABEL_OP_NOT_EXISTS)),
                task("has-zone", op("zone", LabelOp.LABEL_OP_EXISTS)));

        assertThat(ranOn("needs-gpu")).isEqualTo("gpu1");
        assertThat(ranOn("not-us")).isEqualTo("plain"); // notin matches a member without the label
        assertThat(ranOn("no-gpu")).isEqualTo("cpu1");
        assertThat(ranOn("has-zone")).isEqualTo("cpu1");
    }

    @Test
    void aTaskNoFreeMemberMatchesWaitsAndTheTasksBehindItStart() {
        place(task("mars", in("zone", "mars")), task("any1"), task("any2"));

        assertThat(state.task("mars").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.task("any1").status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(state.task("any2").status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(state.placementWarning(state.task("mars")))
                .isEqualTo("no alive worker matches selector 'zone=mars' (3 workers alive)");
        assertThat(state.placementWarning(state.task("any1"))).isEmpty();
    }

    @Test
    void aTaskWaitingForItsOnlyMatchingMemberStartsWhenThatMemberFreesASlot() {
        place(task("gpu-a", in("gpu", "true")), task("gpu-b", in("gpu", "true")));
        assertThat(state.task("gpu-b").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(state.placementWarning(state.task("gpu-b")))
                .as("a matching member is alive: it waits for a slot, not for a worker")
                .isEmpty();

        place(at(5_000, complete("gpu-a", 1, "done")));

        assertThat(ranOn("gpu-b")).isEqualTo("gpu1");
    }

    @Test
    void theWarningCountsOnlyAliveMembers() {
        applyOk(state, expire("gpu1"));
        place(task("needs-gpu", in("gpu", "true")));

        assertThat(state.placementWarning(state.task("needs-gpu")))
                .isEqualTo("no alive worker matches selector 'gpu=true' (2 workers alive)");
    }

    @Test
    void aLongLineOfTasksSharingAnUnmatchedSelectorDoesNotHoldUpTheTasksBehindIt() {
        CommandBatch.Builder unplaceable = CommandBatch.newBuilder();
        for (int i = 0; i < 5 * dev.workcluster.leader.state.Placement.MAX_PASSED_OVER; i++) {
            unplaceable.addCommands(task("mars" + i, in("zone", "mars")));
        }
        state.apply(unplaceable.build());

        place(task("behind"));

        assertThat(state.task("behind").status()).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void passingOverDistinctUnmatchedSelectorsIsBoundedPerEntry() {
        CommandBatch.Builder unplaceable = CommandBatch.newBuilder();
        for (int i = 0; i < dev.workcluster.leader.state.Placement.MAX_PASSED_OVER; i++) {
            unplaceable.addCommands(task("mars" + i, in("zone", "mars" + i)));
        }
        state.apply(unplaceable.build());
        place(task("behind"));

        assertThat(state.task("behind").status())
                .as("behind " + dev.workcluster.leader.state.Placement.MAX_PASSED_OVER
                        + " distinct unmatched selectors, an entry stops looking")
                .isEqualTo(TaskStatus.PENDING);
    }

    @Test
    void labelsAndSelectorsSurviveASnapshotAndARejoinReplacesTheLabels() {
        place(task("mars", in("zone", "mars")));

        ClusterState restored = StateSnapshots.decode(snapshot(state), state.limits());
        assertThat(snapshot(restored)).isEqualTo(snapshot(state));
        assertThat(restored.member("gpu1").labels()).isEqualTo(Map.of("gpu", "true", "zone", "eu"));
        assertThat(restored.task("mars").selector().toString()).isEqualTo("zone=mars");

        applyOk(state, join("gpu1", 1, Map.of("zone", "mars")));
        assertThat(state.member("gpu1").labels()).isEqualTo(Map.of("zone", "mars"));
    }

    @Test
    void theSelectorsTextFormIsNormal() {
        Selector selector = new Selector(List.of(
                in("a", "1"),
                in("b", "1", "2"),
                op("c", LabelOp.LABEL_OP_NOT_IN, "x"),
                op("d", LabelOp.LABEL_OP_NOT_IN, "x", "y"),
                op("e", LabelOp.LABEL_OP_EXISTS),
                op("f", LabelOp.LABEL_OP_NOT_EXISTS)));

        assertThat(selector).hasToString("a=1,b in (1,2),c!=x,d notin (x,y),e,!f");
    }
}
