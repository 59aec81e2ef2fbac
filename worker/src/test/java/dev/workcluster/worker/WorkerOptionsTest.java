package dev.workcluster.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkerOptionsTest {

    private static WorkerOptions.Builder valid() {
        return WorkerOptions.newBuilder().setLeaderAddresses("localhost:50051");
    }

    private static Arguments bad(String expectedMessage, Consumer<WorkerOptions.Builder> change) {
        return Arguments.of(expectedMessage, change);
    }

    static Stream<Arguments> badValues() {
        Map<String, String> blankKey = new HashMap<>();
        blankKey.put(" ", "v");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("zone", null);
        return Stream.of(
                bad(
                        "leaderAddresses must name at least one leader host:port, got []",
                        b -> b.setLeaderAddresses(List.of())),
                bad(
                        "leaderAddresses must name at least one leader host:port, got null",
                        b -> b.setLeaderAddresses((List<String>) null)),
                bad("leader address 'foo' must be host:port", b -> b.setLeaderAddresses("foo")),
                bad("leader address ':50051' must be host:port", b -> b.setLeaderAddresses(":50051")),
                bad("leader address 'host:' must be host:port", b -> b.setLeaderAddresses("host:")),
                bad("leader address 'host:0' must be host:port", b -> b.setLeaderAddresses("host:0")),
                bad("leader address 'host:65536' must be host:port", b -> b.setLeaderAddresses("host:65536")),
                bad("leader address 'host:http' must be host:port", b -> b.setLeaderAddresses("host:http")),
                bad("leader address '::1:50051' must be host:port", b -> b.setLeaderAddresses("::1:50051")),
                bad("leader address 'null' must be host:port", b -> b.setLeaderAddresses(Arrays.asList("a:1", null))),
                bad("workerId must be 1 to 256 non-blank characters, got ' '", b -> b.setWorkerId(" ")),
                bad("workerId must be 1 to 256 non-blank characters, got 'null'", b -> b.setWorkerId(null)),
                bad("slots must be between 1 and 1024, got 0", b -> b.setSlots(0)),
                bad("slots must be between 1 and 1024, got 1025", b -> b.setSlots(1025)),
                bad("slots must be between 1 and 1024, got -3", b -> b.setSlots(-3)),
                bad(
                        "heartbeatInterval must be between PT0.05S and PT1M, got PT0.049S",
                        b -> b.setHeartbeatInterval(Duration.ofMillis(49))),
                bad(
                        "heartbeatInterval must be between PT0.05S and PT1M, got PT1M0.001S",
                        b -> b.setHeartbeatInterval(Duration.ofMillis(60_001))),
                bad("heartbeatInterval must be between PT0.05S and PT1M, got null", b -> b.setHeartbeatInterval(null)),
                bad(
                        "reconnectBackoffInitial must be between PT0.001S and PT5M, got PT0S",
                        b -> b.setReconnectBackoffInitial(Duration.ZERO)),
                bad(
                        "reconnectBackoffInitial must be between PT0.001S and PT5M, got PT-1S",
                        b -> b.setReconnectBackoffInitial(Duration.ofSeconds(-1))),
                bad(
                        "reconnectBackoffMax must be >= reconnectBackoffInitial (PT2S), got PT1S",
                        b -> b.setReconnectBackoffInitial(Duration.ofSeconds(2))
                                .setReconnectBackoffMax(Duration.ofSeconds(1))),
                bad(
                        "reconnectBackoffMax must be between PT0.001S and PT10M, got PT11M",
                        b -> b.setReconnectBackoffMax(Duration.ofMinutes(11))),
                bad("label ' '='v' must have a non-blank key and a non-null value", b -> b.setLabels(blankKey)),
                bad("label 'zone'='null' must have a non-blank key and a non-null value", b -> b.setLabels(nullValue)),
                bad("labels must not be null, got null", b -> b.setLabels(null)),
                bad("queues must not be null (empty: every queue), got null", b -> b.setQueues((List<String>) null)),
                bad("queue name must not be empty", b -> b.setQueues("emails", "")),
                bad("queue name must not be null", b -> b.setQueues(Arrays.asList("emails", null))),
                bad(
                        "queue name '" + "q".repeat(64) + "' is 64 characters, over the limit of 63",
                        b -> b.setQueues("q".repeat(64))),
                bad("queue name 'two words' may hold only letters, digits and . _ -", b -> b.setQueues("two words")),
                bad("queue name 'a/b' may hold only letters, digits and . _ -", b -> b.setQueues("a/b")),
                bad("queue name 'a,b' may hold only letters, digits and . _ -", b -> b.setQueues("a,b")),
                bad(
                        "queues has 33 names, over the limit of 32",
                        b -> b.setQueues(IntStream.rangeClosed(1, 33)
                                .mapToObj(i -> "q" + i)
                                .toList())),
                bad("transport must be STREAM or PUSH, got null", b -> b.setTransport(null)),
                bad("pushListenPort must be between 0 and 65535, got -1", b -> b.setPushListenPort(-1)),
                bad("pushListenPort must be between 0 and 65535, got 65536", b -> b.setPushListenPort(65536)),
                bad("pushAdvertisedAddress 'worker-7' must be host:port", b -> b.setPushAdvertisedAddress("worker-7")),
                bad(
                        "shutdownGrace must be between PT0S and PT24H, got PT-0.001S",
                        b -> b.setShutdownGrace(Duration.ofMillis(-1))),
                bad(
                        "tls.clientCertificate and tls.clientKey must be set together, got /tmp/cert.pem and null",
                        b -> b.setTls(new TlsSettings(null, Path.of("/tmp/cert.pem"), null))),
                bad(
                        "tls.caCertificate '/nonexistent/ca.pem' is not a readable file",
                        b -> b.setTls(new TlsSettings(Path.of("/nonexistent/ca.pem"), null, null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void rejectsBadValueNamingFieldAndValue(String expectedMessage, Consumer<WorkerOptions.Builder> change) {
        WorkerOptions.Builder builder = valid();
        // a setter refuses its own value at once; build() what takes several fields (or none was set)
        assertThatThrownBy(() -> {
                    change.accept(builder);
                    builder.build();
                })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expectedMessage);
    }

    @Test
    void defaults() {
        WorkerOptions options = valid().build();
        assertThat(options.leaderAddresses()).containsExactly("localhost:50051");
        assertThat(options.workerId()).endsWith("-" + ProcessHandle.current().pid());
        assertThat(options.slots()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.reconnectBackoffInitial()).isEqualTo(Duration.ofMillis(100));
        assertThat(options.reconnectBackoffMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.labels()).isEmpty();
        assertThat(options.queues()).as("every queue").isEmpty();
        assertThat(options.transport()).isEqualTo(Transport.STREAM);
        assertThat(options.pushListenPort()).isEqualTo(40041);
        assertThat(options.pushAdvertisedAddress()).isNull();
        assertThat(options.tls()).isNull();
        assertThat(options.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void acceptsBoundaryValuesAndIpv6() {
        WorkerOptions options = valid().setLeaderAddresses("[::1]:50051", "leader-2.example.com:65535", "10.0.0.1:1")
                .setSlots(1024)
                .setHeartbeatInterval(Duration.ofMillis(50))
                .setReconnectBackoffInitial(Duration.ofMillis(1))
                .setReconnectBackoffMax(Duration.ofMillis(1))
                .setPushListenPort(0)
                .setShutdownGrace(Duration.ZERO)
                .build();
        assertThat(options.leaderAddresses()).hasSize(3);
        assertThat(valid().setSlots(1)
                        .setHeartbeatInterval(Duration.ofSeconds(60))
                        .build()
                        .slots())
                .isEqualTo(1);
    }

    @Test
    void queuesKeepTheirOrderCountARepeatOnceAndTakeTheWholeRule() {
        String longest = "q".repeat(63);
        List<String> thirtyTwo =
                IntStream.rangeClosed(1, 32).mapToObj(i -> "q" + i).toList();
        List<String> withRepeats = new ArrayList<>(thirtyTwo);
        withRepeats.add("q1");

        assertThat(valid().setQueues("reports", "emails", "reports").build().queues())
                .containsExactly("reports", "emails");
        assertThat(valid().setQueues("A-z_0.9", longest).build().queues()).containsExactly("A-z_0.9", longest);
        assertThat(valid().setQueues(withRepeats).build().queues()).isEqualTo(thirtyTwo);
        assertThat(valid().setQueues("emails").setQueues().build().queues())
                .as("replaced, by none: every queue")
                .isEmpty();
    }

    @Test
    void isImmutableAndCopiesItsInputs() {
        List<String> addresses = new ArrayList<>(List.of("a:1"));
        Map<String, String> labels = new HashMap<>(Map.of("zone", "eu"));
        List<String> queues = new ArrayList<>(List.of("emails"));
        WorkerOptions options = valid().setLeaderAddresses(addresses)
                .setLabels(labels)
                .setQueues(queues)
                .build();
        addresses.add("b:2");
        labels.put("zone", "us");
        queues.add("reports");
        assertThat(options.queues()).containsExactly("emails");
        assertThatThrownBy(() -> options.queues().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(options.leaderAddresses()).containsExactly("a:1");
        assertThat(options.labels()).containsExactly(Map.entry("zone", "eu"));
        assertThatThrownBy(() -> options.leaderAddresses().add("c:3"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> options.labels().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toBuilderRoundTripsAndChangesOnlyTheCopy() {
        WorkerOptions original = valid().setWorkerId("w-1")
                .setSlots(3)
                .setLabels(Map.of("gpu", "no"))
                .setQueues("emails", "reports")
                .setTransport(Transport.PUSH)
                .setPushAdvertisedAddress("worker-1:40041")
                .build();
        assertThat(original.toBuilder().build()).isEqualTo(original).hasSameHashCodeAs(original);
        WorkerOptions changed = original.toBuilder().setSlots(8).build();
        assertThat(changed.slots()).isEqualTo(8);
        assertThat(original.slots()).isEqualTo(3);
        assertThat(changed.workerId()).isEqualTo("w-1");
        assertThat(changed.queues()).containsExactly("emails", "reports");
        assertThat(original.toBuilder().setQueues("emails").build())
                .as("queues count in equality")
                .isNotEqualTo(original);
    }
}
