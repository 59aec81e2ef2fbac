package dev.workcluster.leader.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.JoinMember;
import dev.workcluster.leader.state.proto.Placement;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.Transport;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The leader's DEBUG lines about tasks: every step, also those one entry takes together (a task scheduled and
 * placed, a failed attempt and its retry's assignment), each with task_id, attempt and assignment.
 */
class TaskTrailTest {
    private final ClusterState state = new ClusterState(StateLimits.defaults());
    private final AtomicBoolean dispatching = new AtomicBoolean(true);
    private final TaskTrail trail = new TaskTrail(dispatching::get);
    private final Logger logger = (Logger) LoggerFactory.getLogger(TaskTrail.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(levelBefore);
    }

    @Test
    void aTaskScheduledAndPlacedInOneEntryGetsBothLines() {
        apply(entry(join("w1")));
        apply(entry(schedule("t1")).toBuilder().setPlacement(everyone()).build());

        assertThat(messages())
                .containsExactly(
                        "event=task_scheduled task_id=t1 attempt=1",
                        "event=task_assigned task_id=t1 attempt=1 assignment=1 member=w1");
    }

    @Test
    void aFailedAttemptAndItsRetrysAssignmentInOneEntryGetBothLines() {
        apply(entry(join("w1")));
        apply(entry(schedule("t1")).toBuilder().setPlacement(everyone()).build());
        lines.list.clear();

        apply(entry(report("t1", 1, 1, true)).toBuilder()
                .setPlacement(everyone())
                .build());
        apply(entry(report("t1", 2, 2, false)));

        assertThat(messages())
                .containsExactly(
                        "event=task_outcome_committed task_id=t1 attempt=1 assignment=1 member=w1 success=false"
                                + " non_retryable=false",
                        "event=task_assigned task_id=t1 attempt=2 assignment=2 member=w1",
                        "event=task_outcome_committed task_id=t1 attempt=2 assignment=2 member=w1 success=true"
                                + " non_retryable=false",
                        "event=task_ended task_id=t1 attempt=2 assignment=2 status=COMPLETED");
        assertThat(lines.list.get(1).getKeyValuePairs())
                .extracting(pair -> pair.key + "=" + pair.value)
                .containsExactly("task_id=t1", "attempt=2", "assignment=2");
    }

    @Test
    void aFailedAttemptWithNoFreeSlotIsRequeuedWithTheRunThatEnded() {
        apply(entry(join("w1")));
        apply(entry(schedule("t1")).toBuilder().setPlacement(everyone()).build());
        lines.list.clear();

        apply(entry(report("t1", 1, 1, true)));

        assertThat(messages()).endsWith("event=task_requeued task_id=t1 attempt=2 assignment=1 max_attempts=3");
    }

    @Test
    void aFollowerAndAnInfoLevelLogNothing() {
        dispatching.set(false);
        apply(entry(schedule("t1")));
        dispatching.set(true);
        logger.setLevel(Level.INFO);
        apply(entry(schedule("t2")));

        assertThat(lines.list).isEmpty();
    }

    private void apply(CommandBatch batch) {
        List<CommandResult> results = state.apply(batch);
        trail.applied(state, state.drainChanges(), batch, results);
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static CommandBatch entry(Command command) {
        return CommandBatch.newBuilder().addCommands(command).build();
    }

    private static Placement everyone() {
        return Placement.newBuilder().setMaxStarts(100).build();
    }

    private static Command join(String id) {
        return Command.newBuilder()
                .setJoinMember(JoinMember.newBuilder().setId(id).setSlots(1).setTransport(Transport.TRANSPORT_STREAM))
                .build();
    }

    private static Command schedule(String id) {
        return Command.newBuilder()
                .setScheduleTask(
                        ScheduleTask.newBuilder().setId(id).setPayload("p").setMaxAttempts(3))
                .build();
    }

    private static Command report(String id, int attempt, int assignment, boolean failed) {
        return Command.newBuilder()
                .setCompleteTask(CompleteTask.newBuilder()
                        .setId(id)
                        .setAttempt(attempt)
                        .setAssignment(assignment)
                        .setMemberId("w1")
                        .setFailed(failed)
                        .setResult(failed ? "" : "done")
                        .setError(failed ? "boom" : ""))
                .build();
    }
}
