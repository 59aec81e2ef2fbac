package dev.workcluster.leader.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.proto.AssignTask;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.JoinMember;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leader's task timers against a real (pure) state on a manual clock: armed from the state when the node
 * becomes leader, kept in step with applied entries, moved by progress, silent once leadership is lost.
 */
class TaskTimersTest {
    final ManualScheduler time = new ManualScheduler();
    final long start = time.wallMillis();
    final ClusterState state = new ClusterState(StateLimits.defaults());
    /** Each hand-over: millis since the start, and the task ids. */
    final List<String> due = new ArrayList<>();

    final TaskTimers timers =
            new TaskTimers(time, time::wallMillis, ids -> due.add(time.wallMillis() - start + " " + ids));

    void apply(Command.Builder command) {
        Command stamped = command.setNowMillis(time.wallMillis()).build();
        assertThat(state.apply(stamped).getCode()).as("%s", stamped).isEqualTo(ResultCode.RESULT_CODE_OK);
        timers.applied(state, state.drainChanges());
    }

    void schedule(ScheduleTask.Builder task) {
        apply(Command.newBuilder().setScheduleTask(task.setPayload("p")));
    }

    void runOnW1(String taskId) {
        apply(Command.newBuilder()
                .setAssignTask(AssignTask.newBuilder()
                        .setTaskId(taskId)
                        .setMemberId("w1")
                        .setAttempt(1)));
    }

    void advance(long millis) {
        time.advance(Duration.ofMillis(millis));
    }

    void join() {
        apply(Command.newBuilder()
                .setJoinMember(JoinMember.newBuilder().setId("w1").setSlots(4).setAddress("w1:1")));
    }

    @Test
    void aNewLeaderArmsEveryDeadlineTheStateHoldsAndNoOtherTask() {
        join();
        schedule(ScheduleTask.newBuilder().setId("delayed").setRunAtMillis(start + 500));
        schedule(ScheduleTask.newBuilder().setId("must-start").setScheduleToStartMillis(300));
        schedule(ScheduleTask.newBuilder().setId("plain"));
        schedule(ScheduleTask.newBuilder().setId("slow").setStartToCloseMillis(400));
        runOnW1("slow");
        runOnW1("plain");

        timers.start(state);

        assertThat(timers.armed()).isEqualTo(3);
        advance(1_000);
        assertThat(due).containsExactly("300 [must-start]", "400 [slow]", "500 [delayed]");
    }

    @Test
    void appliedEntriesKeepTheTimersInStep() {
        timers.start(state);
        join();
        schedule(ScheduleTask.newBuilder().setId("slow").setStartToCloseMillis(400));
        runOnW1("slow");
        advance(100);
        apply(Command.newBuilder()
                .setCompleteTask(CompleteTask.newBuilder().setId("slow").setResult("done")));

        advance(1_000);

        assertThat(due).as("a finished task has no timer").isEmpty();
        assertThat(timers.armed()).isZero();
    }

    @Test
    void progressOfTheCurrentRunMovesItsHeartbeatDeadlineAndOtherProgressDoesNot() {
        timers.start(state);
        join();
        schedule(ScheduleTask.newBuilder().setId("long").setHeartbeatTimeoutMillis(200));
        runOnW1("long");

        advance(150);
        timers.progress(state, "w1", "long", 1, 1);
        timers.progress(state, "w2", "long", 1, 1);
        advance(150);
        timers.progress(state, "w1", "long", 1, 7);
        timers.progress(state, "w1", "other", 1, 1);
        assertThat(due).isEmpty();

        advance(50);

        assertThat(due).containsExactly("350 [long]");
    }

    @Test
    void aNewLeaderCountsAHeartbeatTimeoutFromWhenItTookOver() {
        join();
        schedule(ScheduleTask.newBuilder().setId("long").setHeartbeatTimeoutMillis(200));
        runOnW1("long");
        advance(1_000);

        timers.start(state);
        advance(199);
        assertThat(due).isEmpty();
        advance(1);

        assertThat(due).containsExactly("1200 [long]");
    }

    @Test
    void afterLeadershipIsLostNothingFallsDueAndAppliedEntriesArmNothing() {
        join();
        schedule(ScheduleTask.newBuilder().setId("delayed").setRunAtMillis(start + 100));
        timers.start(state);

        timers.stop();
        schedule(ScheduleTask.newBuilder().setId("later").setRunAtMillis(start + 200));
        advance(1_000);

        assertThat(due).isEmpty();
        assertThat(timers.armed()).isZero();
    }
}
