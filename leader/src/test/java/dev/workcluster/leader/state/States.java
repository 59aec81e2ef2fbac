package dev.workcluster.leader.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.StateSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    static Limits limits() {
        return new Limits();
    }

    /** Defaults, with the one or two bounds a test is about changed. */
    static final class Limits {
        private int maxPayloadBytes = StateLimits.DEFAULT_MAX_PAYLOAD_BYTES;
        private int maxQueuedTasks = StateLimits.DEFAULT_MAX_QUEUED_TASKS;
        private int retainFinishedCount = StateLimits.DEFAULT_RETAIN_FINISHED_COUNT;
        private Duration retainFinishedAge = StateLimits.DEFAULT_RETAIN_FINISHED_AGE;
        private int defaultMaxAttempts = StateLimits.DEFAULT_MAX_ATTEMPTS;
        private int maxAttemptsCeiling = StateLimits.DEFAULT_MAX_ATTEMPTS_CEILING;
        private long maxUnfinishedPayloadBytes = StateLimits.DEFAULT_MAX_UNFINISHED_PAYLOAD_BYTES;
        private int maxMembers = StateLimits.DEFAULT_MAX_MEMBERS;

        Limits maxPayloadBytes(int value) {
            maxPayloadBytes = value;
            return this;
        }

        Limits maxQueuedTasks(int value) {
            maxQueuedTasks = value;
            return this;
        }

        Limits retainFinishedCount(int value) {
            retainFinishedCount = value;
            return this;
        }

        Limits retainFinishedAge(Duration value) {
            retainFinishedAge = value;
            return this;
        }

        Limits defaultMaxAttempts(int value) {
            defaultMaxAttempts = value;
            return this;
        }

        Limits maxAttemptsCeiling(int value) {
            maxAttemptsCeiling = value;
            return this;
        }

        Limits maxUnfinishedPayloadBytes(long value) {
            maxUnfinishedPayloadBytes = value;
            return this;
        }

        Limits maxMembers(int value) {
            maxMembers = value;
            return this;
        }

        StateLimits build() {
            return new StateLimits(
                    maxPayloadBytes,
                    maxQueuedTasks,
                    retainFinishedCount,
                    retainFinishedAge,
                    defaultMaxAttempts,
                    maxAttemptsCeiling,
                    maxUnfinishedPayloadBytes,
                    maxMembers);
        }

        ClusterState newState() {
            return new ClusterState(build());
        }
    }
}
