package dev.workcluster.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.cluster.v1.TaskCounts;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The live view's model and frames, rendered to strings: no terminal needed. */
class WatchViewTest {
    static final long NOW = 1_700_000_000_000L;
    final WatchView view =
            new WatchView("workcluster watch", "Ctrl-C to stop", Set.of(), new WatchLines(ZoneOffset.UTC));

    static WatchTasksResponse task(String id, TaskStatus status) {
        Task.Builder task = Task.newBuilder()
                .setId(id)
                .setStatus(status)
                .setPriority(TaskPriority.TASK_PRIORITY_HIGH)
                .setAttempt(1)
                .setMaxAttempts(3)
                .setCreatedAt(at(NOW - 5_000));
        if (status == TaskStatus.TASK_STATUS_RUNNING) {
            task.setWorkerId("w1").setStartedAt(at(NOW - 2_000));
        }
        return WatchTasksResponse.newBuilder().setTask(task).build();
    }

    static WatchTasksResponse member(String id, int used) {
        return WatchTasksResponse.newBuilder()
                .setMember(Member.newBuilder()
                        .setId(id)
                        .setTransport("stream")
                        .setState(MemberState.MEMBER_STATE_ALIVE)
                        .setStatus(used == 0 ? "alive, idle" : "alive, busy " + used + "/2")
                        .setSlots(2)
                        .setSlotsUsed(used)
                        .setLastHeartbeatAt(at(NOW - 300)))
                .build();
    }

    static Timestamp at(long millis) {
        return Timestamp.newBuilder()
                .setSeconds(millis / 1000)
                .setNanos((int) (millis % 1000) * 1_000_000)
                .build();
    }

    @Test
    void aFrameShowsConnectionCountsMembersAndTheNewestTasksFirst() {
        view.connection("connected to 127.0.0.1:50051");
        view.counts(TaskCounts.newBuilder()
                .setPending(1)
                .setRunning(1)
                .setCompleted(7)
                .build());
        view.apply(member("w2", 0));
        view.apply(member("w1", 1));
        view.apply(task("old", TaskStatus.TASK_STATUS_PENDING));
        view.apply(task("new", TaskStatus.TASK_STATUS_RUNNING));
        view.note("scheduled 2 tasks", NOW - 1_000);

        List<String> lines = view.render(NOW, 0, 0).lines().toList();

        assertThat(lines.get(0)).isEqualTo("workcluster watch · connected to 127.0.0.1:50051 · 22:13:20.000");
        assertThat(lines.get(1)).isEqualTo("tasks: 1 pending · 1 running · 7 completed · 0 error · 0 cancelled");
        assertThat(String.join("\n", lines))
                .containsPattern("MEMBERS \\(2\\)\nID +TRANSPORT +STATUS +SLOTS +RUNNING +LAST HEARTBEAT\n"
                        + "w1 +stream +alive, busy 1/2 +1/2 +- +300ms ago\nw2 +stream +alive, idle +0/2")
                .containsPattern(
                        "RECENT TASKS \\(last 2 changed, newest first\\)\nID +PRIORITY +STATUS +WORKER +ATTEMPT +TIME +ERROR\n"
                                + "new +high +running +w1 +1/3 +running 2s\nold +high +pending +- +1/3 +5s\n")
                .endsWith("22:13:19.000 scheduled 2 tasks\nCtrl-C to stop");
    }

    @Test
    void countsAreUnknownUntilTheyArrive() {
        assertThat(view.render(NOW, 0, 0))
                .contains("tasks: counting…")
                .contains("(no members yet)")
                .contains("(none yet)");
    }

    @Test
    void onlyTheTwentyMostRecentlyChangedTasksAreKept() {
        for (int i = 1; i <= 25; i++) {
            view.apply(task("t" + i, TaskStatus.TASK_STATUS_PENDING));
        }
        view.apply(task("t3", TaskStatus.TASK_STATUS_RUNNING)); // changed again: newest
        view.apply(WatchTasksResponse.newBuilder().setRemovedTaskId("t25").build());
        view.hide("t24");

        String frame = view.render(NOW, 0, 0);

        assertThat(view.recentCount()).isEqualTo(18);
        assertThat(frame)
                .containsPattern("ERROR\nt3 +high +running")
                .contains("t23 ", "t7 ")
                .doesNotContain("t25 ", "t24 ", "t6 ", "t1 ");
    }

    @Test
    void aSmallTerminalGetsAFrameThatFitsIt() {
        for (int i = 1; i <= 25; i++) {
            view.apply(task("task-with-a-long-name-" + i, TaskStatus.TASK_STATUS_PENDING));
        }
        view.apply(member("w1", 0));

        List<String> lines = view.render(NOW, 24, 60).lines().toList();

        assertThat(lines).hasSizeLessThan(24).allMatch(line -> line.length() < 60);
        assertThat(lines).anyMatch(line -> line.startsWith("task-with-a-long-name-25"));
    }

    @Test
    void aResetForgetsMembersAndTasksButKeepsCountsAndNotes() {
        view.apply(member("w1", 0));
        view.apply(task("t1", TaskStatus.TASK_STATUS_PENDING));
        view.note("lost the leader", NOW);

        view.reset();

        assertThat(view.render(NOW, 0, 0)).contains("(no members yet)", "(none yet)", "lost the leader");
    }

    @Test
    void liveOutputDrawsAtMostFiveTimesASecondAndRefreshesWhenIdle() {
        StringWriter text = new StringWriter();
        LiveOutput live = new LiveOutput(new PrintWriter(text), view, 0, 0);
        live.connected("127.0.0.1:1", false, NOW);

        live.tick(NOW); // the first frame at once
        for (int i = 1; i <= 10; i++) {
            live.event(task("t" + i, TaskStatus.TASK_STATUS_PENDING), NOW + 10L * i);
            live.tick(NOW + 10L * i);
        }
        assertThat(live.draws()).isEqualTo(1);
        assertThat(live.tickDelay(NOW + 100)).isEqualTo(100);
        live.tick(NOW + 200);
        assertThat(live.draws()).isEqualTo(2);
        assertThat(live.tickDelay(NOW + 300)).isEqualTo(900); // nothing new: the next refresh keeps ages moving
        live.tick(NOW + 1_200);
        assertThat(live.draws()).isEqualTo(3);

        String out = text.toString();
        assertThat(out)
                .startsWith(LiveOutput.CLEAR_SCREEN + LiveOutput.HOME + "workcluster watch · connected to 127.0.0.1:1");
        assertThat(out.split("\033\\[H", -1)).hasSize(4); // one home per frame
        assertThat(out.split("\033\\[2J", -1)).hasSize(2); // the screen is cleared once
        assertThat(out).contains("t10 ").endsWith(LiveOutput.CLEAR_BELOW);
    }
}
