package dev.workcluster.leader.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.proto.AssignTask;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.JoinMember;
import dev.workcluster.leader.state.proto.LeaveMember;
import dev.workcluster.leader.state.proto.ReleaseTask;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a run that ended without an outcome is counted, entry by entry as the leader applies them. */
class TaskTransitionsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClusterState state = new ClusterState(StateLimits.defaults());
    private final LeaderOnlyMeters meters = new LeaderOnlyMeters(registry, new GuardedState(state), Clock.systemUTC());
    private final TaskTransitions transitions = new TaskTransitions(() -> meters, Clock.systemUTC());

    /**
     * A draining worker hands its run back and then leaves; group commit may put both in one entry.
     * Fails on 2300479, which named the cause from the member as the entry left it (gone: member_lost).
     */
    @Test
    void aRunHandedBackInTheEntryWhereItsWorkerLeftCountsAsHandedBack() {
        startOneRun();

        apply(
                release(),
                Command.newBuilder()
                        .setLeaveMember(LeaveMember.newBuilder().setId("w"))
                        .build());

        assertThat(requeues("handed_back")).isEqualTo(1);
        assertThat(requeues("member_lost")).isZero();
        assertThat(registry.get("workcluster_task_retries").counter().count()).isZero();
    }

    @Test
    void aRunHandedBackByAWorkerThatStaysCountsAsHandedBack() {
        startOneRun();

        apply(release());

        assertThat(requeues("handed_back")).isEqualTo(1);
        assertThat(requeues("member_lost")).isZero();
    }

    private void startOneRun() {
        apply(Command.newBuilder()
                .setJoinMember(JoinMember.newBuilder().setId("w").setSlots(1).setTransport(Transport.TRANSPORT_STREAM))
                .build());
        apply(Command.newBuilder()
                .setScheduleTask(ScheduleTask.newBuilder().setId("t").setPayload("p"))
                .build());
        if (state.task("t").memberId().isEmpty()) { // placement may already have started it
            apply(Command.newBuilder()
                    .setAssignTask(AssignTask.newBuilder()
                            .setTaskId("t")
                            .setMemberId("w")
                            .setAttempt(1))
                    .build());
        }
        assertThat(state.task("t").memberId()).isEqualTo("w");
    }

    private static Command release() {
        return Command.newBuilder()
                .setReleaseTask(
                        ReleaseTask.newBuilder().setTaskId("t").setMemberId("w").setAttempt(1))
                .build();
    }

    private void apply(Command... commands) {
        state.apply(CommandBatch.newBuilder().addAllCommands(List.of(commands)).build());
        transitions.applied(state, state.drainChanges());
    }

    private double requeues(String cause) {
        return registry.get("workcluster_task_requeues")
                .tag("cause", cause)
                .counter()
                .count();
    }
}
