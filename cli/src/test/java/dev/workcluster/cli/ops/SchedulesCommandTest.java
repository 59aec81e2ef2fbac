package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import dev.workcluster.cli.CliRun;
import dev.workcluster.client.ClientOptions;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.GetSchedulesRequest;
import dev.workcluster.proto.scheduler.v1.GetSchedulesResponse;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.OverlapPolicy;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code schedules create/list/get/pause/resume/delete} against a real leader and worker. */
class SchedulesCommandTest {
    @RegisterExtension
    static final OneWorkerCluster cluster = new OneWorkerCluster("cli-schedules", 4);

    /** Far longer than a one-second schedule needs to fire twice, for a slow machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** A schedule that does not fire while the class runs. */
    private static final String YEARLY = "0 0 1 1 *";

    static CliRun schedules(String verb, String... words) {
        return CliRun.of(Stream.concat(Stream.of("schedules", verb, cluster.leaderFlag()), Stream.of(words))
                .toArray(String[]::new));
    }

    static RecurringSchedule parse(String json) throws Exception {
        RecurringSchedule.Builder schedule = RecurringSchedule.newBuilder();
        JsonFormat.parser().merge(json, schedule);
        return schedule.build();
    }

    /** The schedule as the leader holds it now, read without the CLI. */
    static RecurringSchedule stored(String id) {
        return cluster.tasks()
                .scheduler()
                .getSchedules(GetSchedulesRequest.newBuilder().setId(id).build())
                .getSchedules(0);
    }

    /** The tasks a schedule's firings created, in arrival order. */
    static List<Task> tasksOf(String scheduleId) {
        return cluster
                .tasks()
                .scheduler()
                .getTasks(GetTasksRequest.newBuilder().setPageSize(1_000).build())
                .getTasksList()
                .stream()
                .filter(task -> task.getId().startsWith(scheduleId + "@"))
                .toList();
    }

    /** The fire time a schedule's task is named by: {@code ticker@2026-12-03T07:00:01.250Z}. */
    static Instant fireTime(String taskId) {
        return Instant.parse(taskId.substring(taskId.indexOf('@') + 1));
    }

    static long completedTasksOf(String scheduleId) {
        return tasksOf(scheduleId).stream()
                .filter(task -> task.getStatus() == TaskStatus.TASK_STATUS_COMPLETED)
                .count();
    }

    @Test
    void aVerbIsRequired() {
        CliRun none = CliRun.of("schedules");
        CliRun unknown = CliRun.of("schedules", "reschedule", "x");

        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).startsWith("Missing required subcommand\nUsage: workcluster schedules ");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched arguments from index 1: 'reschedule', 'x'");
    }

    @Test
    void anEverySecondScheduleFiresTasksNamedByTheirFireTimeThatComplete() throws Exception {
        CliRun created = schedules("create", "ticker", "--every", "1s", "--payload", "echo:tick");

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out())
                .startsWith("FIELD      VALUE\n")
                .contains("id         ticker\n", "spec       every 1s\n", "state      active\n")
                .containsPattern("next fire  \\S+Z \\(in \\S+\\)\n");
        await().atMost(DEADLINE).until(() -> completedTasksOf("ticker") >= 2);
        assertThat(tasksOf("ticker"))
                .allSatisfy(task ->
                        assertThat(task.getId()).matches("ticker@\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"))
                .allSatisfy(task -> assertThat(task.getPayload()).isEqualTo("echo:tick"));
        Task done = tasksOf("ticker").get(0);
        assertThat(done.getResult()).isEqualTo("tick");
        assertThat(done.getWorkerId()).isEqualTo("w1");

        CliRun list = schedules("list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow())
                .startsWith("ID")
                .contains("SPEC", "OVERLAP", "STATE", "NEXT FIRE", "LAST FIRED", "FIRED/SKIPPED/MISSED", "LAST TASK");
        assertThat(list.out())
                .containsPattern("\nticker +every 1s +skip +active +in \\S+ +\\S+ ago +([2-9]|\\d\\d+)/\\d+/\\d+ "
                        + "+ticker@\\S+Z\n");

        CliRun get = schedules("get", "ticker");
        assertThat(get.exit()).as(get.err()).isZero();
        assertThat(get.out())
                .containsPattern("\nfired +([2-9]|\\d\\d+)\n")
                .containsPattern("\nlast task +ticker@\\S+Z\n")
                .containsPattern("\nlast fired +\\S+Z \\(\\S+ ago\\)\n")
                .containsPattern("\npayload +echo:tick\n")
                .contains("\nskipped ", "\nmissed ", "\nlast error ");
        RecurringSchedule json = parse(schedules("get", "-o", "json", "ticker").out());
        assertThat(json.getFired()).isGreaterThanOrEqualTo(2);
        assertThat(json.getEvery()).isEqualTo(Durations.fromSeconds(1));
        assertThat(json.getLastTaskId()).startsWith("ticker@");

        schedules("delete", "ticker");
    }

    @Test
    void pauseStopsTheFiringsAndResumeStartsThemAgain() throws Exception {
        assertThat(schedules("create", "pausable", "--every", "1s", "--payload", "quick")
                        .exit())
                .isZero();
        await().atMost(DEADLINE).until(() -> stored("pausable").getFired() >= 1);

        CliRun pause = schedules("pause", "pausable");

        assertThat(pause.exit()).as(pause.err()).isZero();
        assertThat(pause.out()).contains("state      paused\n", "next fire  none while paused\n");
        long firedWhenPaused = stored("pausable").getFired();
        int tasksWhenPaused = tasksOf("pausable").size();
        // Absence, so a bounded wait: two and a half intervals, checked every quarter second.
        await().during(Duration.ofMillis(2_500))
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> stored("pausable").getFired() == firedWhenPaused
                        && tasksOf("pausable").size() == tasksWhenPaused);
        assertThat(parse(schedules("get", "-o", "json", "pausable").out()).getPaused())
                .isTrue();
        assertThat(schedules("list").out()).containsPattern("\npausable +every 1s +skip +paused +- ");

        Instant lastFiredWhenPaused = fireTime(stored("pausable").getLastTaskId());
        Instant resumedAt = Instant.now();
        CliRun resume = schedules("resume", "pausable");

        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(resume.out()).contains("state      active\n").containsPattern("next fire  \\S+Z \\(in \\S+\\)\n");
        await().atMost(DEADLINE).until(() -> stored("pausable").getFired() > firedWhenPaused);
        await().atMost(DEADLINE).until(() -> tasksOf("pausable").size() > tasksWhenPaused);
        assertThat(tasksOf("pausable"))
                .as("no fire time that passed while paused fired")
                .map(task -> fireTime(task.getId()))
                .allMatch(time -> !time.isAfter(lastFiredWhenPaused) || !time.isBefore(resumedAt));

        schedules("delete", "pausable");
    }

    @Test
    void deleteRemovesTheScheduleButNotItsTasks() {
        assertThat(schedules("create", "short-lived", "--every", "1s", "--payload", "quick")
                        .exit())
                .isZero();
        await().atMost(DEADLINE).until(() -> stored("short-lived").getFired() >= 1);

        CliRun delete = schedules("delete", "short-lived");

        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(delete.out()).isEqualTo("short-lived  deleted (the tasks it fired stay)\n");
        CliRun get = schedules("get", "short-lived");
        assertThat(get.exit()).isEqualTo(1);
        assertThat(get.out()).isEmpty();
        assertThat(get.err()).isEqualTo("error: schedule 'short-lived' not found (NOT_FOUND)\n");
        assertThat(schedules("list").out()).doesNotContain("short-lived ");
        assertThat(tasksOf("short-lived")).isNotEmpty();
        CliRun again = schedules("delete", "short-lived");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: schedule 'short-lived' not found (NOT_FOUND)\n");
    }

    @Test
    void aCronScheduleInAZoneNextFiresOnAFiveMinuteBoundary() throws Exception {
        long before = System.currentTimeMillis();
        CliRun created = schedules(
                "create", "every-five", "--cron", "*/5 * * * *", "--time-zone", "Europe/Paris", "--payload", "quick");

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out())
                .contains("spec       */5 * * * * (Europe/Paris)\n")
                .containsPattern("next fire  \\d{4}-\\d\\d-\\d\\dT\\d\\d:[0-5][05]:00Z \\(in \\S+\\)\n");
        RecurringSchedule stored =
                parse(schedules("get", "-o", "json", "every-five").out());
        assertThat(stored.getCron()).isEqualTo("*/5 * * * *");
        assertThat(stored.getTimeZone()).isEqualTo("Europe/Paris");
        long next = Timestamps.toMillis(stored.getNextFireAt());
        assertThat(next % Duration.ofMinutes(5).toMillis()).isZero();
        assertThat(next)
                .isGreaterThan(before)
                .isLessThanOrEqualTo(
                        System.currentTimeMillis() + Duration.ofMinutes(5).toMillis());

        schedules("delete", "every-five");
    }

    @Test
    void allTheOptionsAreStoredAndShown() throws Exception {
        CliRun created = schedules(
                "create",
                "all-options",
                "--cron",
                YEARLY,
                "--payload",
                "echo:x",
                "--overlap",
                "cancel-previous",
                "--max-catch-up",
                "5",
                "--priority",
                "high",
                "--max-attempts",
                "2",
                "--task-timeout",
                "1h",
                "--start-within",
                "5m",
                "--heartbeat-timeout",
                "30s",
                "-o",
                "json");

        assertThat(created.exit()).as(created.err()).isZero();
        RecurringSchedule stored = parse(created.out());
        assertThat(stored.getOverlap()).isEqualTo(OverlapPolicy.OVERLAP_POLICY_CANCEL_PREVIOUS);
        assertThat(stored.getMaxCatchUp()).isEqualTo(5);
        assertThat(stored.getTimeZone()).isEmpty();
        Task task = stored.getTask();
        assertThat(task.getId()).isEmpty();
        assertThat(task.getPayload()).isEqualTo("echo:x");
        assertThat(task.getPriority()).isEqualTo(TaskPriority.TASK_PRIORITY_HIGH);
        assertThat(task.getMaxAttempts()).isEqualTo(2);
        assertThat(task.getStartToClose()).isEqualTo(Durations.fromHours(1));
        assertThat(task.getScheduleToStart()).isEqualTo(Durations.fromMinutes(5));
        assertThat(task.getHeartbeatTimeout()).isEqualTo(Durations.fromSeconds(30));
        assertThat(created.out()).contains("\"overlap\": \"OVERLAP_POLICY_CANCEL_PREVIOUS\"", "\"max_catch_up\": 5");

        CliRun get = schedules("get", "all-options");
        assertThat(get.out())
                .contains(
                        "\nspec               0 0 1 1 * (UTC)\n",
                        "\noverlap            cancel-previous\n",
                        "\nmax catch-up       5\n",
                        "\nlast fired         -\n",
                        "\nlast task          -\n",
                        "\nfired              0\n",
                        "\npriority           high\n",
                        "\nmax attempts       2\n",
                        "\ntask timeout       1h\n",
                        "\nstart within       5m\n",
                        "\nheartbeat timeout  30s\n")
                .containsPattern("\nnext fire +\\d{4}-01-01T00:00:00Z \\(in \\S+\\)\n");

        schedules("delete", "all-options");
    }

    @Test
    void creatingAgainIsARetryUnlessTheDefinitionDiffers() {
        assertThat(schedules("create", "twice", "--cron", YEARLY, "--payload", "one")
                        .exit())
                .isZero();

        CliRun retry = schedules("create", "twice", "--cron", YEARLY, "--payload", "one");
        CliRun other = schedules("create", "twice", "--cron", YEARLY, "--payload", "another");

        assertThat(retry.exit()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("id         twice\n");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.out()).isEmpty();
        assertThat(other.err())
                .isEqualTo("error: schedule 'twice' exists with another definition; delete it first "
                        + "(ALREADY_EXISTS)\n");
        assertThat(stored("twice").getTask().getPayload()).isEqualTo("one");

        schedules("delete", "twice");
    }

    @Test
    void listFollowsThePagesInIdOrder() throws Exception {
        for (String id : List.of("page-c", "page-a", "page-b")) {
            assertThat(schedules("create", id, "--cron", YEARLY, "--payload", "quick")
                            .exit())
                    .isZero();
        }
        assertThat(schedules("pause", "page-b").exit()).isZero();

        try (WorkClient client = WorkClient.connect(ClientOptions.of(cluster.address()))) {
            GetSchedulesResponse paged = new RecurringScheduleCalls(client).all(1);
            assertThat(paged.getSchedulesList().stream().map(RecurringSchedule::getId))
                    .containsSubsequence("page-a", "page-b", "page-c")
                    .isSorted();
            assertThat(paged.getNextAfterId()).isEmpty();
        }
        CliRun table = schedules("list");
        assertThat(table.out())
                .containsPattern("\npage-a +0 0 1 1 \\* \\(UTC\\) +skip +active +in \\S+ +- +0/0/0 +-\n")
                .containsPattern("\npage-b +0 0 1 1 \\* \\(UTC\\) +skip +paused +- +- +0/0/0 +-\n");
        CliRun json = schedules("list", "-o", "json");
        GetSchedulesResponse.Builder listed = GetSchedulesResponse.newBuilder();
        JsonFormat.parser().merge(json.out(), listed);
        assertThat(listed.getSchedulesList().stream().map(RecurringSchedule::getId))
                .containsSubsequence("page-a", "page-b", "page-c");
        assertThat(listed.getSchedulesList().stream().filter(RecurringSchedule::getPaused))
                .extracting(RecurringSchedule::getId)
                .containsExactly("page-b");

        for (String id : List.of("page-a", "page-b", "page-c")) {
            schedules("delete", id);
        }
    }
}
