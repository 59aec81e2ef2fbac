package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.workcluster.cli.CliRun;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code schedule --delay/--at/--task-timeout/--start-within/--heartbeat-timeout} against a real leader and worker,
 * and how {@code task}, {@code tasks} and {@code cancel} show and treat the tasks they make.
 */
class ScheduleTimingCommandTest {
    @RegisterExtension
    static final OneWorkerCluster cluster = new OneWorkerCluster("cli-schedule-timing", 4);

    static CliRun schedule(String... words) {
        String[] args = new String[words.length + 2];
        args[0] = "schedule";
        args[1] = cluster.leaderFlag();
        System.arraycopy(words, 0, args, 2, words.length);
        return CliRun.of(args);
    }

    @Test
    void aDelayedTaskIsScheduledAndShownWithItsTime() {
        long before = System.currentTimeMillis();
        CliRun run = schedule("--id", "in-ten-minutes", "--delay", "10m", "quick");

        assertThat(run.exit()).as(run.err()).isZero();
        Task stored = cluster.tasks().get("in-ten-minutes");
        assertThat(stored.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_SCHEDULED);
        assertThat(Timestamps.toMillis(stored.getRunAt()))
                .isBetween(before + 600_000, System.currentTimeMillis() + 600_000);

        CliRun task = CliRun.of("task", cluster.leaderFlag(), "in-ten-minutes");
        assertThat(task.out())
                .containsPattern("\nstatus +scheduled\n")
                .containsPattern("run at +\\S+Z \\(in 9m5\\ds\\)");
        CliRun tasks = CliRun.of("tasks", cluster.leaderFlag(), "--status", "scheduled");
        assertThat(tasks.out()).containsPattern("in-ten-minutes .* scheduled .* due in 9m5\\ds");
        CliRun cancel = CliRun.of("cancel", cluster.leaderFlag(), "in-ten-minutes");
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(cluster.tasks().get("in-ten-minutes").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
    }

    @Test
    void atTakesATimeWithAnOffset() {
        Instant at = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        String written = at.atOffset(ZoneOffset.ofHours(1)).toString(); // e.g. 2026-12-24T19:00+01:00

        CliRun run = schedule("--id", "at-a-time", "--at", written, "quick");

        assertThat(run.exit()).as(run.err()).isZero();
        Task stored = cluster.tasks().get("at-a-time");
        assertThat(stored.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_SCHEDULED);
        assertThat(Timestamps.toMillis(stored.getRunAt())).isEqualTo(at.toEpochMilli());
    }

    @Test
    void timeoutsAreStoredAndShown() {
        CliRun run = schedule(
                "--id",
                "bounded",
                "--task-timeout",
                "1h",
                "--start-within",
                "5m",
                "--heartbeat-timeout",
                "30s",
                "-o",
                "json",
                "quick");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"start_to_close\": \"3600s\"", "\"schedule_to_start\": \"300s\"");
        Task stored = cluster.tasks().get("bounded");
        assertThat(stored.getStartToClose()).isEqualTo(Durations.fromHours(1));
        assertThat(stored.getScheduleToStart()).isEqualTo(Durations.fromMinutes(5));
        assertThat(stored.getHeartbeatTimeout()).isEqualTo(Durations.fromSeconds(30));
        assertThat(CliRun.of("task", cluster.leaderFlag(), "bounded").out())
                .contains("task timeout       1h\n", "start within       5m\n", "heartbeat timeout  30s\n");
    }

    @Test
    void aRunOverItsTaskTimeoutFailsTheWait() {
        CliRun run = schedule("--id", "over-time", "--task-timeout", "300ms", "--max-attempts", "1", "--wait", "block");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: task 'over-time' failed (attempt 1/1): timed out after 300ms (attempt 1 of 1)\n");
    }

    @Test
    void timesTheLeaderRefusesAreServerErrorsNamingTheLimit() {
        String twoYearsAhead = Instant.now().plus(730, ChronoUnit.DAYS).toString();
        String anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).toString();

        CliRun ahead = schedule("--at", twoYearsAhead, "quick");
        CliRun behind = schedule("--at", anHourAgo, "quick");
        CliRun tooLong = schedule("--task-timeout", "31d", "quick");

        assertThat(ahead.exit()).isEqualTo(1);
        assertThat(ahead.err())
                .contains("task.run_at of task '", "is more than 365 days ahead (the limit) (INVALID_ARGUMENT)");
        assertThat(behind.err()).contains("is more than 5 minutes in the past (the tolerance) (INVALID_ARGUMENT)");
        assertThat(tooLong.err())
                .contains("task.start_to_close of task '", "over the limit of 30 days (INVALID_ARGUMENT)");
    }

    @Test
    void aLongDelayIsWrittenInDays() {
        CliRun run = schedule("--id", "next-week", "--delay", "7d", "quick");

        assertThat(run.exit()).as(run.err()).isZero();
        Task stored = cluster.tasks().get("next-week");
        assertThat(Timestamps.toMillis(stored.getRunAt()) - Timestamps.toMillis(stored.getCreatedAt()))
                .isCloseTo(Duration.ofDays(7).toMillis(), org.assertj.core.data.Offset.offset(2_000L));
    }
}
