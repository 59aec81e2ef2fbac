package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad options, specs and payload reads are refused before anything is sent, with the exception
 * their kind calls for and a message naming what is wrong and the limit. (The watch's bad inputs
 * need a node to watch: {@link TaskWatchTest}.)
 */
class ClientInputsTest {
    public record Point(int x, int y) {}

    private static final TaskInfo NOT_JSON = new TaskInfo(
            "t-1",
            "not json",
            TaskPriority.MEDIUM,
            TaskState.PENDING,
            "",
            0,
            3,
            "",
            "",
            Instant.EPOCH,
            null,
            null,
            null,
            null,
            null,
            null);
    private static final TaskResult FAILED = new TaskResult("t-2", TaskState.ERROR, "", "boom", 3);
    private static final TaskResult NOT_JSON_RESULT = new TaskResult("t-3", TaskState.COMPLETED, "done!", "", 1);

    static Stream<Arguments> badInputs() {
        return Stream.of(
                input(
                                "no address",
                                () -> new ClientOptions(List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1), null))
                        .refusedWith(IllegalArgumentException.class, "give at least one node address"),
                input("an address without a port", () -> ClientOptions.of("localhost"))
                        .refusedWith(IllegalArgumentException.class, "'localhost' is not host:port"),
                input("an address ending in a colon", () -> ClientOptions.of("localhost:"))
                        .refusedWith(IllegalArgumentException.class, "is not host:port"),
                input("a zero call timeout", () -> ClientOptions.of("h:1").withCallTimeout(Duration.ZERO))
                        .refusedWith(IllegalArgumentException.class, "callTimeout must be > 0"),
                input("a negative patience", () -> ClientOptions.of("h:1").withRetryFor(Duration.ofSeconds(-1)))
                        .refusedWith(IllegalArgumentException.class, "retryFor must be > 0"),
                input("negative attempts", () -> TaskSpec.of("x").withMaxAttempts(-1))
                        .refusedWith(IllegalArgumentException.class, "maxAttempts must be >= 0"),
                input("a zero start-to-close timeout", () -> TaskSpec.of("x").withStartToClose(Duration.ZERO))
                        .refusedWith(
                                IllegalArgumentException.class,
                                "startToClose must be longer than zero (null: none), got PT0S"),
                input(
                                "a negative schedule-to-start timeout",
                                () -> TaskSpec.of("x").withScheduleToStart(Duration.ofSeconds(-1)))
                        .refusedWith(IllegalArgumentException.class, "scheduleToStart must be longer than zero"),
                input("a zero heartbeat timeout", () -> TaskSpec.of("x").withHeartbeatTimeout(Duration.ZERO))
                        .refusedWith(IllegalArgumentException.class, "heartbeatTimeout must be longer than zero"),
                input("a negative delay", () -> TaskSpec.of("x").withDelay(Duration.ofMinutes(-5)))
                        .refusedWith(IllegalArgumentException.class, "delay must be longer than zero"),
                input(
                                "a run-at time and a delay",
                                () -> new TaskSpec(
                                        "t",
                                        "x",
                                        TaskPriority.MEDIUM,
                                        0,
                                        null,
                                        null,
                                        null,
                                        Instant.EPOCH,
                                        Duration.ofSeconds(1)))
                        .refusedWith(IllegalArgumentException.class, "give runAt or delay, not both"),
                input("a null payload", () -> TaskSpec.of(null)).refusedWith(NullPointerException.class, "payload"),
                input("a null id", () -> TaskSpec.of("x").withId(null)).refusedWith(NullPointerException.class, "id"),
                input("a null selector", () -> TaskSpec.of("x").withSelector(null))
                        .refusedWith(NullPointerException.class, "selector"),
                input("a null queue", () -> TaskSpec.of("x").withQueue(null))
                        .refusedWith(NullPointerException.class, "queue"),
                input("TLS without a key", () -> new ClientOptions.Tls(Path.of("ca.pem"), Path.of("c.pem"), null, null))
                        .refusedWith(
                                IllegalArgumentException.class,
                                "the client's TLS cert and key go together (or neither, for TLS that only checks the "
                                        + "nodes), got only the cert"),
                input(
                                "TLS with a key and no certificate",
                                () -> new ClientOptions.Tls(null, null, Path.of("k.pem"), null))
                        .refusedWith(IllegalArgumentException.class, "got only the key"),
                input(
                                "TLS files that cannot be read",
                                () -> WorkClient.connect(ClientOptions.of("h:1")
                                        .withTls(new ClientOptions.Tls(
                                                Path.of("/nonexistent/ca.pem"), null, null, null))))
                        .refusedWith(java.io.UncheckedIOException.class, "cannot read the client's TLS files"),
                input("a null JSON value", () -> TaskSpec.ofJson(null))
                        .refusedWith(NullPointerException.class, "value"),
                input("a value Jackson cannot write", () -> TaskSpec.ofJson(new Object()))
                        .refusedWith(
                                IllegalArgumentException.class,
                                "cannot write a java.lang.Object as JSON: No serializer found"),
                input("a payload read as no type", () -> NOT_JSON.payloadAs(null))
                        .refusedWith(NullPointerException.class, "type"),
                input("a payload that is not JSON", () -> NOT_JSON.payloadAs(Point.class))
                        .refusedWith(
                                IllegalArgumentException.class,
                                "payload of task t-1 is not JSON for a dev.workcluster.client.ClientInputsTest$Point"),
                input("a payload that is not Base64", NOT_JSON::payloadBytes)
                        .refusedWith(IllegalArgumentException.class, "payload of task t-1 is not Base64"),
                input("a result read as no type", () -> FAILED.resultAs(null))
                        .refusedWith(NullPointerException.class, "type"),
                input("the result of a failed task", () -> FAILED.resultAs(Point.class))
                        .refusedWith(
                                IllegalStateException.class,
                                "task t-2 ended ERROR, not COMPLETED: it has no result (error: boom)"),
                input("a result that is not JSON", () -> NOT_JSON_RESULT.resultAs(Point.class))
                        .refusedWith(
                                IllegalArgumentException.class,
                                "result of task t-3 is not JSON for a dev.workcluster.client.ClientInputsTest$Point"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRefused(String what, ThrowingCallable input, Class<? extends Throwable> type, String message) {
        assertThatThrownBy(input).isInstanceOf(type).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {0, -1, WorkClient.MAX_PAGE_SIZE + 1})
    void pageSizesOutsideTheLimitAreRefused(int size) {
        try (WorkClient client = WorkClient.connect(ClientOptions.of("127.0.0.1:1"))) {
            assertThatThrownBy(() -> client.list(null, null, size))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pageSize must be 1 to " + WorkClient.MAX_PAGE_SIZE + ", got " + size);
        }
    }

    /** Something done with a bad input; {@link #refusedWith} says how it must fail. */
    record Input(String what, ThrowingCallable input) {
        Arguments refusedWith(Class<? extends Throwable> type, String message) {
            return Arguments.of(what, input, type, message);
        }
    }

    private static Input input(String what, ThrowingCallable input) {
        return new Input(what, input);
    }
}
