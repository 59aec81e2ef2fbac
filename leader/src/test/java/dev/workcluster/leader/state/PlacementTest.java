package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.newState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.PlaceTasks;
import dev.workcluster.leader.state.proto.Placement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Given: w1 (2 slots), w2 (1 slot), w3 (2 slots, expired); t1..t5 pending in that order. */
class PlacementTest {
    private static final Placement EVERYONE =
            Placement.newBuilder().setMaxStarts(100).build();
    private final ClusterState state = newState();

    @BeforeEach
    void cluster() {
        applyOk(state, join("w1", 2), join("w2", 1), join("w3", 2), expire("w3"));
        for (int i = 1; i <= 5; i++) {
            applyOk(state, schedule("t" + i, "p"));
        }
    }

    /**
     * One row per rule of placement, in the manner of Nomad's scheduler harness: what the
     * entry says (and anything applied before it), and which task then runs where.
     */
    record Case(String name, List<CommandBatch> before, Placement placement, Map<String, String> runningOn) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "pending tasks in order, round-robin over the free slots of alive members",
                        List.of(),
                        EVERYONE,
                        Map.of("t1", "w1", "t2", "w2", "t3", "w1")),
                new Case(
                        "the rotation picks the member the round starts with",
                        List.of(),
                        EVERYONE.toBuilder().setRotation(1).build(),
                        Map.of("t1", "w2", "t2", "w1", "t3", "w1")),
                new Case(
                        "a rotation past the member count wraps around",
                        List.of(),
                        EVERYONE.toBuilder().setRotation(-1).build(),
                        Map.of("t1", "w2", "t2", "w1", "t3", "w1")),
                new Case(
                        "no more than max_starts per entry (the round limit)",
                        List.of(),
                        EVERYONE.toBuilder().setMaxStarts(1).build(),
                        Map.of("t1", "w1")),
                new Case(
                        "max_starts 0 starts nothing",
                        List.of(),
                        EVERYONE.toBuilder().setMaxStarts(0).build(),
                        Map.of()),
                new Case(
                        "only the members the leader reaches; expired and unknown ones are skipped",
                        List.of(),
                        EVERYONE.toBuilder()
                                .addOnlyMembers("w2")
                                .addOnlyMembers("w3")
                                .addOnlyMembers("nobody")
                                .build(),
                        Map.of("t1", "w2")),
                new Case(
                        "members the leader cannot reach get nothing",
                        List.of(),
                        EVERYONE.toBuilder().addExceptMembers("w1").build(),
                        Map.of("t1", "w2")),
                new Case(
                        "higher priority first, then the oldest",
                        List.of(entry(schedule("t6", "p", Priority.HIGH)), entry(schedule("t7", "p", Priority.MEDIUM))),
                        EVERYONE,
                        Map.of("t6", "w1", "t7", "w2", "t1", "w1")),
                new Case(
                        "runs in flight keep their slots and are not placed again",
                        List.of(entry(
                                placeTasks(),
                                EVERYONE.toBuilder().setMaxStarts(2).build())),
                        EVERYONE,
                        Map.of("t1", "w1", "t2", "w2", "t3", "w1")),
                new Case(
                        "a member with no free slot is passed over",
                        List.of(entry(
                                placeTasks(),
                                EVERYONE.toBuilder().addOnlyMembers("w2").build())),
                        EVERYONE,
                        Map.of("t1", "w2", "t2", "w1", "t3", "w1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void placesByTheRules(Case c) {
        c.before().forEach(state::apply);

        place(at(7_000, placeTasks()), c.placement());

        assertThat(runningOn()).isEqualTo(c.runningOn());
    }

    @Test
    void aStartedRunIsStampedWithTheEntrysTimeAndItsFirstAssignment() {
        place(at(7_000, placeTasks()), EVERYONE);

        assertThat(state.task("t1").startedMillis()).isEqualTo(7_000);
        assertThat(state.task("t1").assignment()).isEqualTo(1);
        assertThat(state.member("w1").freeSlots()).isZero();
        assertThat(state.pendingCount()).isEqualTo(2);
    }

    @Test
    void theEntryThatFreesASlotRefillsIt() {
        place(placeTasks(), EVERYONE);
        place(at(9_000, complete("t2", 1, "done")), EVERYONE);

        assertThat(state.task("t2").status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(runningOn()).containsEntry("t4", "w2");
        assertThat(state.task("t4").startedMillis()).isEqualTo(9_000);
    }

    @Test
    void anEntryWithoutPlacementStartsNothing() {
        applyOk(state, placeTasks());

        assertThat(runningOn()).isEmpty();
        assertThat(state.pendingCount()).isEqualTo(5);
    }

    @Test
    void replayingTheSameEntriesPlacesTheSameWay() {
        List<CommandBatch> log = List.of(
                entry(placeTasks(), EVERYONE.toBuilder().setRotation(5).build()),
                entry(
                        complete("t3", 1, "done"),
                        EVERYONE.toBuilder().setRotation(6).build()));
        log.forEach(state::apply);
        ClusterState replica = newState();
        applyOk(replica, join("w1", 2), join("w2", 1), join("w3", 2), expire("w3"));
        for (int i = 1; i <= 5; i++) {
            applyOk(replica, schedule("t" + i, "p"));
        }
        log.forEach(replica::apply);

        assertThat(CanonicalState.render(replica)).isEqualTo(CanonicalState.render(state));
    }

    private static Command placeTasks() {
        return Command.newBuilder()
                .setPlaceTasks(PlaceTasks.getDefaultInstance())
                .build();
    }

    /** An entry that places nothing. */
    private static CommandBatch entry(Command command) {
        return CommandBatch.newBuilder().addCommands(command).build();
    }

    private static CommandBatch entry(Command command, Placement placement) {
        return CommandBatch.newBuilder()
                .addCommands(command)
                .setPlacement(placement)
                .build();
    }

    private void place(Command command, Placement placement) {
        state.apply(entry(command, placement));
    }

    private Map<String, String> runningOn() {
        Map<String, String> running = new TreeMap<>();
        for (MemberRecord member : state.members()) {
            member.runningTaskIds().forEach(task -> running.put(task, member.id()));
        }
        return running;
    }
}
