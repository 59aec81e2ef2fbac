package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.workcluster.cli.CliRun;
import dev.workcluster.proto.scheduler.v1.GetQueuesRequest;
import dev.workcluster.proto.scheduler.v1.GetSchedulesRequest;
import dev.workcluster.proto.scheduler.v1.Queue;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad flags and arguments of task, schedule/add, schedules, queues, cancel/remove, status and health: exit 2,
 * a message naming the bad value, the usage line, and nothing sent to the (reachable) leader; and the
 * schedules, task selectors and queues the leader refuses: exit 1 with its message, nothing stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsBadInputTest {
    EmbeddedCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = EmbeddedCluster.start("cli-bad-input", c -> c);
    }

    @AfterAll
    void stop() throws Exception {
        cluster.close();
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                arguments(List.of("task"), "Missing required parameter: 'ID'"),
                arguments(List.of("task", ""), "ID must not be empty"),
                arguments(List.of("task", "a", "b"), "Unmatched argument at index"),
                arguments(List.of("task", "a", "--bogus"), "Unknown option: '--bogus'"),
                arguments(List.of("schedule"), "Missing required parameter: 'PAYLOAD'"),
                arguments(List.of("schedule", ""), "PAYLOAD must not be empty"),
                arguments(List.of("schedule", "--id", "", "p"), "--id must not be empty"),
                arguments(
                        List.of("schedule", "--priority", "urgent", "p"),
                        "'urgent' is not a task priority (low, medium, high)"),
                arguments(List.of("add", "--priority", "unspecified", "p"), "'unspecified' is not a task priority"),
                arguments(List.of("schedule", "--max-attempts", "0", "p"), "--max-attempts must be at least 1, got 0"),
                arguments(List.of("add", "--max-attempts", "-3", "p"), "--max-attempts must be at least 1, got -3"),
                arguments(List.of("schedule", "--max-attempts", "many", "p"), "'many' is not an int"),
                arguments(List.of("schedule", "--wait-timeout", "5s", "p"), "--wait-timeout needs --wait"),
                arguments(List.of("schedule", "--wait", "--wait-timeout", "soon", "p"), "'soon' is not a duration"),
                arguments(List.of("schedule", "--wait", "--wait-timeout", "0s", "p"), "'0s' must be longer than zero"),
                arguments(List.of("schedule", "a", "b"), "Unmatched argument at index"),
                arguments(List.of("schedule", "--delay", "0", "p"), "'0' must be longer than zero"),
                arguments(List.of("schedule", "--task-timeout", "soon", "p"), "'soon' is not a duration"),
                arguments(List.of("schedule", "--start-within", "-5s", "p"), "'-5s' is not a duration"),
                arguments(List.of("schedule", "--heartbeat-timeout", "0ms", "p"), "'0ms' must be longer than zero"),
                arguments(List.of("schedule", "--at", "tomorrow", "p"), "'tomorrow' is not a time with a zone"),
                arguments(
                        List.of("schedule", "--at", "2026-12-24T18:00", "p"),
                        "'2026-12-24T18:00' is not a time with a zone"),
                arguments(
                        List.of("schedule", "--delay", "10m", "--at", "2026-12-24T18:00Z", "p"),
                        "--delay and --at exclude each other: give one"),
                arguments(List.of("cancel"), "Missing required parameter: 'ID'"),
                arguments(List.of("remove"), "Missing required parameter: 'ID'"),
                arguments(List.of("cancel", "a", ""), "ID must not be empty"),
                arguments(List.of("status", "extra"), "Unmatched argument at index"),
                arguments(List.of("status", "-o", "yaml"), "'yaml'"),
                arguments(List.of("health", "--timeout", "forever"), "'forever' is not a duration"),
                arguments(List.of("health", "--service", "x"), "Unknown options: '--service', 'x'"),
                arguments(
                        List.of("schedules", "create", "--every", "1m", "--payload", "p"),
                        "Missing required " + "parameter: 'ID'"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m"),
                        "Missing required option: " + "'--payload=TEXT'"),
                arguments(
                        List.of("schedules", "create", "", "--every", "1m", "--payload", "p"), "ID must not be empty"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--payload", ""),
                        "--payload must not be empty"),
                arguments(
                        List.of("schedules", "create", "x", "--payload", "p"),
                        "give --cron or --every: when the schedule fires"),
                arguments(
                        List.of("schedules", "create", "x", "--cron", "* * * * *", "--every", "1m", "--payload", "p"),
                        "--cron and --every exclude each other: give one"),
                arguments(
                        List.of("schedules", "create", "x", "--cron", " ", "--payload", "p"),
                        "--cron must not be empty"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--time-zone", "UTC", "--payload", "p"),
                        "--time-zone applies to --cron only"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "soon", "--payload", "p"),
                        "'soon' is not a duration"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "0s", "--payload", "p"),
                        "'0s' must be longer than zero"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--overlap", "queue", "--payload", "p"),
                        "'queue' is not an overlap policy (skip, allow, cancel-previous)"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--max-catch-up", "-1", "--payload", "p"),
                        "--max-catch-up must be at least 1, got -1"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--max-catch-up", "0", "--payload", "p"),
                        "--max-catch-up must be at least 1, got 0"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--max-attempts", "0", "--payload", "p"),
                        "--max-attempts must be at least 1, got 0"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--priority", "urgent", "--payload", "p"),
                        "'urgent' is not a task priority"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--delay", "1m", "--payload", "p"),
                        "Unknown options: '--delay', '1m'"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--task-timeout", "0ms", "--payload", "p"),
                        "'0ms' must be longer than zero"),
                arguments(List.of("schedules", "list", "extra"), "Unmatched argument at index"),
                arguments(List.of("schedules", "get"), "Missing required parameter: 'ID'"),
                arguments(List.of("schedules", "get", ""), "ID must not be empty"),
                arguments(List.of("schedules", "pause", ""), "ID must not be empty"),
                arguments(List.of("schedules", "resume"), "Missing required parameter: 'ID'"),
                arguments(List.of("schedules", "delete", "a", "b"), "Unmatched argument at index"),
                arguments(
                        List.of("schedule", "--queue", "", "p"),
                        "--queue must not be empty (leave it out for the default queue)"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--queue", "", "--payload", "p"),
                        "--queue must not be empty"),
                arguments(List.of("queues", "list", "extra"), "Unmatched argument at index"),
                arguments(List.of("queues", "get"), "Missing required parameter: 'NAME'"),
                arguments(List.of("queues", "get", ""), "NAME must not be empty"),
                arguments(List.of("queues", "get", "a", "b"), "Unmatched argument at index"),
                arguments(List.of("queues", "set", "--weight", "2"), "Missing required parameter: 'NAME'"),
                arguments(List.of("queues", "set", "", "--weight", "2"), "NAME must not be empty"),
                arguments(List.of("queues", "set", "q"), "give --weight, --max-running or both: what to set"),
                arguments(List.of("queues", "set", "q", "--weight", "0"), "--weight must be at least 1, got 0"),
                arguments(List.of("queues", "set", "q", "--weight", "-2"), "--weight must be at least 1, got -2"),
                arguments(List.of("queues", "set", "q", "--weight", "heavy"), "'heavy' is not an int"),
                arguments(
                        List.of("queues", "set", "q", "--max-running", "-1"),
                        "--max-running must be at least 0 (0: no limit), got -1"),
                arguments(List.of("queues", "set", "q", "--max-running", "4294967296"), "'4294967296' is not an int"));
    }

    /** Queue names and settings only the leader checks: its refusal, exit 1, names the field and the limit. */
    static Stream<Arguments> queuesRefusedByTheLeader() {
        String longName = "q".repeat(64);
        return Stream.of(
                arguments(
                        List.of("queues", "set", "q", "--weight", "1001"),
                        "queue: weight of queue 'q' is 1001, outside 1..1000"),
                arguments(
                        List.of("queues", "set", "q", "--weight", "1001", "--max-running", "0"),
                        "queue: weight of queue 'q' is 1001, outside 1..1000"),
                arguments(
                        List.of("queues", "set", "q", "--max-running", "1000001"),
                        "queue: max_running of queue 'q' is 1000001, outside 0..1000000 (0 = no limit)"),
                arguments(
                        List.of("queues", "set", "two words", "--weight", "2", "--max-running", "1"),
                        "queue.name: queue name 'two words' may hold only letters, digits and . _ -"),
                arguments(
                        List.of("queues", "set", "a/b", "--weight", "2"),
                        "queue name 'a/b' may hold only letters, digits and . _ -"),
                arguments(
                        List.of("queues", "set", longName, "--max-running", "2"),
                        "queue name is 64 characters, over the limit of 63"),
                arguments(
                        List.of("queues", "get", "two words"),
                        "name: queue name 'two words' may hold only letters, digits and . _ -"),
                arguments(
                        List.of("schedule", "--queue", "two words", "p"),
                        "task.queue: queue name 'two words' may hold only letters, digits and . _ -"),
                arguments(
                        List.of("schedule", "--queue", longName, "p"),
                        "task.queue: queue name is 64 characters, over the limit of 63"),
                arguments(
                        List.of("schedules", "create", "x", "--every", "1m", "--queue", "a,b", "--payload", "p"),
                        "schedule.task.queue: queue name 'a,b' may hold only letters, digits and . _ -"));
    }

    /** What only the leader checks: its refusal, exit 1, names the field and the limit, and nothing is stored. */
    static Stream<Arguments> refusedByTheLeader() {
        String longId = "x".repeat(201);
        return Stream.of(
                arguments(
                        List.of("x", "--cron", "61 * * * *"),
                        "schedule.cron: '61 * * * *' is not a five-field cron expression"),
                arguments(List.of("x", "--cron", "* * * *"), "schedule.cron: '* * * *' is not a five-field cron"),
                arguments(
                        List.of("x", "--cron", "* * * * *", "--time-zone", "Mars/Base"),
                        "unknown time zone 'Mars/Base'"),
                arguments(List.of("x", "--every", "500ms"), "schedule.every 500ms is outside 1s to 366 days"),
                arguments(List.of("x", "--every", "367d"), "schedule.every 367 days is outside 1s to 366 days"),
                arguments(
                        List.of("has space", "--every", "1m"),
                        "schedule.id 'has space' may hold only letters, digits, '.', '_' and '-'"),
                arguments(List.of("x@y", "--every", "1m"), "may hold only letters, digits, '.', '_' and '-'"),
                arguments(List.of(longId, "--every", "1m"), "schedule.id is 201 characters, over the limit of 200"),
                arguments(
                        List.of("x", "--every", "1m", "--max-catch-up", "101"),
                        "schedule.max_catch_up 101 is over the limit of 100"),
                arguments(List.of("x", "--every", "1m", "--task-timeout", "31d"), "over the limit of 30 days"),
                arguments(
                        List.of("x", "--every", "1m", "--selector", "gpu in (a"),
                        "schedule.task.selector 'gpu in (a' leaves a parenthesis open"),
                arguments(
                        List.of("x", "--every", "1m", "--selector", "=x"),
                        "schedule.task.selector '=x' is not a requirement"));
    }

    /** Selectors only the leader parses, given to {@code schedule}: refused as {@code task.selector}, nothing stored. */
    static Stream<Arguments> selectorsRefusedByTheLeader() {
        String requirements17 = String.join(
                ",", IntStream.rangeClosed(1, 17).mapToObj(i -> "k" + i).toList());
        String values17 = String.join(
                ",", IntStream.rangeClosed(1, 17).mapToObj(i -> "v" + i).toList());
        return Stream.of(
                arguments("gpu in (a", "task.selector 'gpu in (a' leaves a parenthesis open"),
                arguments("gpu)", "task.selector 'gpu)' closes a parenthesis it did not open"),
                arguments(
                        "=x",
                        "task.selector '=x' is not a requirement: write key=value, key!=value, key in (a,b),"
                                + " key notin (a,b), key or !key"),
                arguments("gpu=true,,zone=eu", "task.selector 'gpu=true,,zone=eu' has an empty requirement"),
                arguments(
                        "!-gpu",
                        "task.selector label key '-gpu' must be 1 to 63 letters, digits and ._/-, starting and"
                                + " ending with a letter or digit"),
                arguments("k".repeat(64) + "=v", "task.selector label key '" + "k".repeat(64) + "' must be 1 to 63"),
                arguments(
                        "gpu=a/b", "task.selector value 'a/b' of label 'gpu' must be up to 63 letters, digits and ._-"),
                arguments(requirements17, "has more than 16 requirements"),
                arguments("zone in (" + values17 + ")", "lists 17 values, over the limit of 16"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isAUsageErrorNamingTheValue(List<String> words, String message) {
        List<String> args = new ArrayList<>(words);
        args.add("--leader=" + cluster.address());

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(message).contains("Usage: workcluster ").doesNotContain("cannot reach");
        assertThat(cluster.tasks().count(TaskStatus.TASK_STATUS_PENDING))
                .as("nothing was scheduled")
                .isZero();
        assertThat(cluster.tasks().count(TaskStatus.TASK_STATUS_CANCELLED)).isZero();
        assertThat(cluster.tasks().count(TaskStatus.TASK_STATUS_SCHEDULED)).isZero();
        assertThat(schedules()).as("no schedule was created").isZero();
        assertThat(queues()).as("no queue was set").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheLeader")
    void isRefusedByTheLeaderNamingTheField(List<String> words, String message) {
        List<String> args = new ArrayList<>(List.of("schedules", "create"));
        args.addAll(words);
        args.addAll(List.of("--payload", "p", "--leader=" + cluster.address()));

        assertRefusedByTheLeader(CliRun.of(args.toArray(String[]::new)), message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selectorsRefusedByTheLeader")
    void aSelectorIsRefusedByTheLeaderNamingTheField(String selector, String message) {
        CliRun run = CliRun.of("schedule", "--selector", selector, "p", "--leader=" + cluster.address());

        assertRefusedByTheLeader(run, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queuesRefusedByTheLeader")
    void aQueueNameOrSettingIsRefusedByTheLeaderNamingTheField(List<String> words, String message) {
        List<String> args = new ArrayList<>(words);
        args.add("--leader=" + cluster.address());

        assertRefusedByTheLeader(CliRun.of(args.toArray(String[]::new)), message);
    }

    @Test
    void aQueueThatDoesNotExistIsNotFoundExit1() {
        CliRun run = CliRun.of("queues", "get", "missing", "--leader=" + cluster.address());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("error: queue 'missing' not found: it is not configured and holds no unfinished task "
                        + "(NOT_FOUND)\n");
        assertThat(queues()).as("reading made no queue").isZero();
    }

    private void assertRefusedByTheLeader(CliRun run, String message) {
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith("error: ")
                .contains(message)
                .endsWith(" (INVALID_ARGUMENT)\n")
                .doesNotContain("Usage:");
        assertThat(schedules()).as("no schedule was created").isZero();
        assertThat(cluster.tasks().count(TaskStatus.TASK_STATUS_PENDING))
                .as("nothing was scheduled")
                .isZero();
        assertThat(queues()).as("no queue was set").isZero();
    }

    /** The queues besides the default one as it always exists: empty, with the default settings. */
    private int queues() {
        Queue untouchedDefault =
                Queue.newBuilder().setName("default").setWeight(1).build();
        return (int)
                cluster.tasks().scheduler().getQueues(GetQueuesRequest.getDefaultInstance()).getQueuesList().stream()
                        .filter(queue -> !queue.equals(untouchedDefault))
                        .count();
    }

    private int schedules() {
        return cluster.tasks()
                .scheduler()
                .getSchedules(GetSchedulesRequest.getDefaultInstance())
                .getSchedulesCount();
    }
}
