package dev.workcluster.leader.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.Limits;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.StateSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Builds states and limits for tests, applies commands and reads the state back in test-friendly shapes. */
final class States {
    private States() {}

    static ClusterState newState() {
        return new ClusterState(StateLimits.defaults());
    }

    static ClusterState newState(StateLimits limits) {
        return new ClusterState(limits);
    }

    /** Applies each command and asserts it was accepted. Returns the last result. */
    static CommandResult applyOk(ClusterState state, Command... commands) {
        CommandResult last = null;
        for (Command command : commands) {
            last = state.apply(command);
            assertThat(last.getCode()).as("result of %s", command).isEqualTo(ResultCode.RESULT_CODE_OK);
        }
        return last;
    }

    /** Applies every command, whatever the outcome, and returns the results. */
    static List<CommandResult> applyAll(ClusterState state, List<Command> commands) {
        List<CommandResult> results = new ArrayList<>();
        commands.forEach(command -> results.add(state.apply(command)));
        return results;
    }

    /** The command is refused with {@code expected}, says why, and leaves every bit of state as it was. */
    static void assertRejectedUnchanged(ClusterState state, Command command, ResultCode expected) {
        StateSnapshot before = snapshot(state);
        int tasks = state.taskCount();
        int pending = state.pendingCount();

        CommandResult result = state.apply(command);

        assertThat(result.getCode())
                .as("result of %s", command)
                .isEqualTo(expected)
                .isNotEqualTo(ResultCode.RESULT_CODE_OK);
        assertThat(result.getMessage()).isNotBlank();
        assertThat(state.taskCount()).isEqualTo(tasks);
        assertThat(state.pendingCount()).isEqualTo(pending);
        assertThat(snapshot(state)).isEqualTo(before);
    }

    /** The command is accepted (OK) but changes nothing: a late or repeated report. */
    static CommandResult assertIgnored(ClusterState state, Command command) {
        StateSnapshot before = snapshot(state);
        CommandResult result = state.apply(command);
        assertThat(result.getCode()).as("result of %s", command).isEqualTo(ResultCode.RESULT_CODE_OK);
        assertThat(snapshot(state)).isEqualTo(before);
        return result;
    }

    static StateSnapshot snapshot(ClusterState state) {
        return StateSnapshots.encode(state);
    }

    static List<String> pendingIds(ClusterState state) {
        return StreamSupport.stream(state.pendingInOrder().spliterator(), false)
                .map(TaskRecord::id)
                .collect(Collectors.toList());
    }

    static List<String> taskIds(ClusterState state) {
        return state.allTasks().stream().map(TaskRecord::id).collect(Collectors.toList());
    }

    static List<String> memberIds(ClusterState state) {
        return state.members().stream().map(MemberRecord::id).collect(Collectors.toList());
    }

    /** Defaults, with the one or two bounds a test is about changed as a replicated entry would carry them. */
    static StateLimits limits(UnaryOperator<Limits.Builder> change) {
        return StateLimits.fromProto(
                change.apply(StateLimits.defaults().toProto().toBuilder()).build());
    }

    /** A new state with {@link #limits} of its own. */
    static ClusterState stateWith(UnaryOperator<Limits.Builder> change) {
        return new ClusterState(limits(change));
    }
}
