package dev.workcluster.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.scheduler.v1.SnapshotComplete;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The plain one-line forms of watch events. */
class WatchLinesTest {
    static Task.Builder task(TaskStatus status) {
        return Task.newBuilder()
                .setId("t1")
                .setStatus(status)
                .setPriority(TaskPriority.TASK_PRIORITY_LOW)
                .setAttempt(1)
                .setMaxAttempts(3);
    }

    static Timestamp at(long millis) {
        return Timestamp.newBuilder()
                .setSeconds(millis / 1000)
                .setNanos((int) (millis % 1000) * 1_000_000)
                .build();
    }

    @Test
    void eachTaskStatusReadsAsASentence() {
        assertThat(WatchLines.task(task(TaskStatus.TASK_STATUS_SCHEDULED)
                        .setRunAt(at(1_798_135_200_000L))
                        .build()))
                .isEqualTo("task t1 scheduled (low), due at 2026-12-24T18:00:00Z");
        assertThat(WatchLines.task(task(TaskStatus.TASK_STATUS_PENDING).build()))
                .isEqualTo("task t1 pending (low) attempt 1/3");
        assertThat(WatchLines.task(task(TaskStatus.TASK_STATUS_PENDING)
                        .setAttempt(2)
                        .setError("disk full\nat line 2")
                        .build()))
                .isEqualTo("task t1 pending (low) attempt 2/3, last error: disk full");
        assertThat(WatchLines.task(
                        task(TaskStatus.TASK_STATUS_RUNNING).setWorkerId("w1").build()))
                .isEqualTo("task t1 running on w1 attempt 1/3");
        assertThat(WatchLines.task(task(TaskStatus.TASK_STATUS_RUNNING)
                        .setWorkerId("w1")
                        .setAttempt(2)
                        .setError("disk full")
                        .build()))
                .isEqualTo("task t1 running on w1 attempt 2/3, last error: disk full");
        assertThat(WatchLines.task(task(TaskStatus.TASK_STATUS_COMPLETED)
                        .setWorkerId("w1")
                        .setResult("done")
                        .setStartedAt(at(10_000))
                        .setFinishedAt(at(11_240))
                        .build()))
                .isEqualTo("task t1 completed on w1 attempt 1/3 after 1.2s: done");
        assertThat(WatchLines.task(task(TaskStatus.TASK_STATUS_ERROR)
                        .setWorkerId("w2")
                        .setAttempt(3)
                        .setError("boom")
                        .setStartedAt(at(10_000))
                        .setFinishedAt(at(10_040))
                        .build()))
                .isEqualTo("task t1 error on w2 attempt 3/3 after 40ms: boom");
        assertThat(WatchLines.task(task(TaskStatus.TASK_STATUS_CANCELLED).build()))
                .isEqualTo("task t1 cancelled attempt 1/3");
    }

    @Test
    void membersRemovalsAndTheSnapshotMarker() {
        WatchTasksResponse member = WatchTasksResponse.newBuilder()
                .setMember(Member.newBuilder()
                        .setId("w1")
                        .setStatus("alive, busy 1/2")
                        .setState(MemberState.MEMBER_STATE_ALIVE))
                .build();
        assertThat(WatchLines.describe(member)).isEqualTo("member w1 alive, busy 1/2");
        assertThat(WatchLines.describe(
                        WatchTasksResponse.newBuilder().setRemovedMemberId("w9").build()))
                .isEqualTo("member w9 removed");
        assertThat(WatchLines.describe(
                        WatchTasksResponse.newBuilder().setRemovedTaskId("t9").build()))
                .isEqualTo("task t9 removed (finished, past retention)");
        assertThat(WatchLines.describe(WatchTasksResponse.newBuilder()
                        .setSnapshotComplete(SnapshotComplete.getDefaultInstance())
                        .build()))
                .isNull();
        assertThat(WatchLines.snapshotComplete(1, 0, false))
                .isEqualTo("snapshot complete: 1 member, 0 tasks; live changes follow");
    }

    @Test
    void linesOutputStampsEveryLineWithTheTimeOfDay() {
        StringWriter text = new StringWriter();
        LinesOutput out = new LinesOutput(new PrintWriter(text), new WatchLines(ZoneOffset.UTC));

        out.connected("a:1", false, 0);
        out.event(
                WatchTasksResponse.newBuilder()
                        .setTask(task(TaskStatus.TASK_STATUS_PENDING))
                        .build(),
                1_000);
        out.lost("a:1", "Connection refused", 61_500);
        out.connected("b:2", true, 62_000);

        assertThat(text.toString())
                .isEqualTo("00:00:01.000 task t1 pending (low) attempt 1/3\n"
                        + "00:01:01.500 lost the leader at a:1 (Connection refused); reconnecting\n"
                        + "00:01:02.000 reconnected to b:2\n");
    }
}
