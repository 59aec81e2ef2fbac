package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad options and specs are refused before anything is sent, naming what is wrong and the limit. */
class ClientInputsTest {
    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad(
                        "no address",
                        () -> new ClientOptions(List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1), null),
                        "give at least one node address"),
                bad("an address without a port", () -> ClientOptions.of("localhost"), "'localhost' is not host:port"),
                bad("an address ending in a colon", () -> ClientOptions.of("localhost:"), "is not host:port"),
                bad(
                        "a zero call timeout",
                        () -> ClientOptions.of("h:1").withCallTimeout(Duration.ZERO),
                        "callTimeout must be > 0"),
                bad(
                        "a negative patience",
                        () -> ClientOptions.of("h:1").withRetryFor(Duration.ofSeconds(-1)),
                        "retryFor must be > 0"),
                bad("negative attempts", () -> TaskSpec.of("x").withMaxAttempts(-1), "maxAttempts must be >= 0"),
                bad("a null payload", () -> TaskSpec.of(null), "payload"),
                bad("a null id", () -> TaskSpec.of("x").withId(null), "id"),
                bad(
                        "TLS without a key",
                        () -> new ClientOptions.Tls(
                                java.nio.file.Path.of("ca.pem"), java.nio.file.Path.of("c.pem"), null, null),
                        "the client's TLS cert and key go together (or neither, for TLS that only checks the "
                                + "nodes), got only the cert"),
                bad(
                        "TLS with a key and no certificate",
                        () -> new ClientOptions.Tls(null, null, java.nio.file.Path.of("k.pem"), null),
                        "got only the key"),
                bad(
                        "TLS files that cannot be read",
                        () -> WorkClient.connect(ClientOptions.of("h:1")
                                .withTls(new ClientOptions.Tls(
                                        java.nio.file.Path.of("/nonexistent/ca.pem"), null, null, null))),
                        "cannot read the client's TLS files"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRefused(String what, Runnable input, String message) {
        assertThatThrownBy(input::run).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "page size {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, -1, WorkClient.MAX_PAGE_SIZE + 1})
    void pageSizesOutsideTheLimitAreRefused(int size) {
        try (WorkClient client = WorkClient.connect(ClientOptions.of("127.0.0.1:1"))) {
            assertThatThrownBy(() -> client.list(null, null, size))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pageSize must be 1 to " + WorkClient.MAX_PAGE_SIZE + ", got " + size);
        }
    }

    private static Arguments bad(String what, Runnable input, String message) {
        return Arguments.of(what, input, message);
    }
}
