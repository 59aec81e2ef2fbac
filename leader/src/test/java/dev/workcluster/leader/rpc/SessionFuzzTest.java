package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.GrpcFuzzTest.NEVER;
import static dev.workcluster.leader.rpc.GrpcFuzzTest.SEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.rpc.FuzzInputs.Input;
import dev.workcluster.leader.testing.RawCall;
import dev.workcluster.leader.testing.RawCall.End;
import dev.workcluster.leader.testing.RawCall.Outcome;
import dev.workcluster.proto.cluster.v1.Goodbye;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.SessionHeartbeat;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session stream under a seeded fuzzer: many streams at once, each a random sequence (a
 * hello or not, then random, malformed and plain messages) that its worker ends at a random
 * point, before or after the leader's welcome, by a half-close, a cancel or a goodbye. Each
 * stream must end with a status a worker can act on, the leader must keep serving, and once a
 * stream has ended its member must not look connected: the leader would give it work that
 * nobody runs. A failure names its seed: replay it with {@code -Dfuzz.seed=<seed>}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionFuzzTest {
    private static final int WAVES = 3;
    private static final int STREAMS_AT_ONCE = 32;
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final io.grpc.MethodDescriptor<byte[], byte[]> SESSION =
            RawCall.method(LeaderServiceGrpc.getSessionMethod().getFullMethodName(), MethodType.BIDI_STREAMING);

    FuzzedLeader fuzzed;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fuzzed = FuzzedLeader.start(dir);
    }

    @AfterAll
    void stop() throws Exception {
        fuzzed.close();
    }

    /** One stream: what its worker sends, and how it ends its side. */
    record Plan(List<Input> messages, End end, boolean refusedFirst) {
        @Override
        public String toString() {
            return messages + " then " + end;
        }
    }

    @Test
    void randomSequencesEndedAtRandomPointsEndCleanlyAndLeaveNoMemberConnected() {
        FuzzInputs inputs = new FuzzInputs(SEED, FuzzedLeader.TASK_IDS);
        List<String> failures = new ArrayList<>();
        for (int wave = 0; wave < WAVES; wave++) {
            List<Plan> plans = new ArrayList<>();
            List<CompletableFuture<Outcome>> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS_AT_ONCE; i++) {
                Plan plan = plan(inputs, "fuzz-session-" + wave + "-" + i);
                plans.add(plan);
                streams.add(RawCall.start(
                        fuzzed.leader.channel(),
                        SESSION,
                        plan.messages().stream()
                                .flatMap(m -> m.messages().stream())
                                .toList(),
                        plan.end(),
                        ANSWER,
                        CallOptions.DEFAULT));
            }
            for (int i = 0; i < plans.size(); i++) {
                String problem = problem(plans.get(i), streams.get(i).join());
                if (problem != null) {
                    failures.add("a session stream of " + plans.get(i) + ": " + problem);
                }
            }
            String stillConnected = noneStaysConnected();
            if (stillConnected != null) {
                failures.add("wave " + wave + ": " + stillConnected);
            }
            String notServing = fuzzed.notServing();
            if (notServing != null) {
                failures.add("wave " + wave + ": " + notServing);
            }
            fuzzed.settle(fuzzed.stored());
        }
        fuzzed.grpcErrors().forEach(error -> failures.add("gRPC logged an error: " + error));
        assertThat(failures)
                .as("fuzzer findings with seed %d (replay: -Dfuzz.seed=%d)", SEED, SEED)
                .isEmpty();
    }

    private static Plan plan(FuzzInputs inputs, String workerId) {
        Random random = inputs.random();
        List<Input> messages = new ArrayList<>();
        int first = random.nextInt(10);
        boolean refusedFirst = false;
        if (first < 7) {
            messages.add(Input.of(
                    "a hello",
                    SessionRequest.newBuilder()
                            .setHello(Hello.newBuilder()
                                    .setWorkerId(workerId)
                                    .setSlots(1 + random.nextInt(4))
                                    .setHeartbeatIntervalMs(1000))
                            .build()
                            .toByteArray()));
        } else if (first < 9) {
            List<Input> malformed = inputs.malformed(SessionRequest.getDescriptor(), false);
            messages.add(malformed.get(random.nextInt(malformed.size())));
            refusedFirst = true;
        }
        for (int i = random.nextInt(6); i > 0; i--) {
            int kind = random.nextInt(10);
            messages.add(
                    kind < 6
                            ? Input.of(
                                    "random values",
                                    inputs.message(SessionRequest.getDescriptor())
                                            .toByteArray())
                            : kind < 9
                                    ? Input.of(
                                            "a heartbeat",
                                            SessionRequest.newBuilder()
                                                    .setHeartbeat(SessionHeartbeat.getDefaultInstance())
                                                    .build()
                                                    .toByteArray())
                                    : inputs.malformed(SessionRequest.getDescriptor(), false)
                                            .get(0));
        }
        End end = End.values()[random.nextInt(End.values().length)];
        if (end == End.NOTHING) { // the leader ends it after the goodbye
            messages.add(Input.of(
                    "a goodbye",
                    SessionRequest.newBuilder()
                            .setGoodbye(Goodbye.getDefaultInstance())
                            .build()
                            .toByteArray()));
        }
        return new Plan(messages, end, refusedFirst);
    }

    /** Null when the stream ended as a worker can act on. */
    private static String problem(Plan plan, Outcome outcome) {
        if (outcome.open()) {
            return "no end within " + ANSWER.toSeconds() + " s";
        }
        Status status = outcome.status();
        if (NEVER.contains(status.getCode())) {
            return "ended with " + outcome;
        }
        if (!status.isOk()
                && (status.getDescription() == null || status.getDescription().isBlank())) {
            return "ended without saying why: " + outcome;
        }
        if (plan.refusedFirst() && plan.end() != End.CANCEL && status.getCode() != Status.Code.INVALID_ARGUMENT) {
            return "its first message does not parse, yet it ended with " + outcome;
        }
        return null;
    }

    /** Null once every member but the fixture's own worker shows as disconnected (or has left). */
    private String noneStaysConnected() {
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> connected().isEmpty());
            return null;
        } catch (ConditionTimeoutException e) {
            return "members whose streams all ended still look connected: " + connected();
        }
    }

    private List<String> connected() {
        return fuzzed.stored().members().stream()
                .filter(m ->
                        !m.getId().equals(FuzzedLeader.WORKER) && !m.getStatus().contains("disconnected"))
                .map(m -> m.getId() + " (" + m.getStatus() + ")")
                .toList();
    }
}
