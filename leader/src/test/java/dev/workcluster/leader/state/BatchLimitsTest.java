package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ResultCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A log entry carries the limits it was proposed under; replay never depends on the replaying node's flags. */
class BatchLimitsTest {
    private static final StateLimits QUEUE_OF_TWO = new StateLimits(1024, 2, 10, Duration.ofHours(1), 3, 100);

    private static CommandBatch entry() {
        return CommandBatch.newBuilder()
                .setLimits(QUEUE_OF_TWO.toProto())
                .addCommands(schedule("a", "p"))
                .addCommands(schedule("b", "p"))
                .addCommands(schedule("c", "p"))
                .build();
    }

    @Test
    void theEntrysLimitsDecideNotTheStatesOwn() {
        ClusterState generous = new ClusterState(StateLimits.defaults());

        List<CommandResult> results = generous.apply(entry());

        assertThat(results)
                .extracting(CommandResult::getCode)
                .containsExactly(
                        ResultCode.RESULT_CODE_OK,
                        ResultCode.RESULT_CODE_OK,
                        ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED);
        assertThat(generous.limits()).isEqualTo(QUEUE_OF_TWO);
    }

    @Test
    void replayOnANodeStartedWithOtherLimitsReachesTheSameState() {
        ClusterState original = new ClusterState(StateLimits.defaults());
        ClusterState replayed = new ClusterState(new StateLimits(1, 1, 0, Duration.ZERO, 1, 1));

        original.apply(entry());
        replayed.apply(entry());

        assertThat(StateSnapshots.encode(replayed)).isEqualTo(StateSnapshots.encode(original));
        assertThat(replayed.task("b").maxAttempts()).isEqualTo(3);
    }

    @Test
    void limitsSurviveTheirProtoForm() {
        assertThat(StateLimits.fromProto(StateLimits.defaults().toProto())).isEqualTo(StateLimits.defaults());
    }
}
