package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.workcluster.cli.CliRun;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad flags and arguments of task, schedule/add, cancel/remove, status and health: exit 2,
 * a message naming the bad value, the usage line, and nothing sent to the (reachable) leader.
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
                arguments(List.of("health", "--service", "x"), "Unknown options: '--service', 'x'"));
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
    }
}
