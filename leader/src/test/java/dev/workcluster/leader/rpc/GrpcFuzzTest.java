package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.FuzzedLeader.MAX_INBOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.rpc.FuzzInputs.Input;
import dev.workcluster.leader.rpc.FuzzedLeader.Stored;
import dev.workcluster.leader.rpc.FuzzedLeader.Target;
import dev.workcluster.leader.testing.RawCall;
import dev.workcluster.leader.testing.RawCall.Outcome;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzzer against a live leader, on every method of every service it serves (found
 * through server reflection): requests that do not parse, unary calls with no request or two,
 * requests over the message limit, and messages of random field values. Each call must get a
 * status a client can act on (never UNKNOWN or INTERNAL, never without a message), the leader
 * must keep serving, and a refused call must store nothing. A failure names its seed: replay
 * it with {@code -Dfuzz.seed=<seed>}. The session stream's own sequences: {@link SessionFuzzTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcFuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    static final Set<Status.Code> NEVER =
            EnumSet.of(Status.Code.UNKNOWN, Status.Code.INTERNAL, Status.Code.UNIMPLEMENTED, Status.Code.DATA_LOSS);
    private static final int RANDOM_CALLS_PER_METHOD = 40;
    /** How long a call the server keeps open (a watch) is watched before the fuzzer moves on. */
    private static final Duration KEPT_OPEN = Duration.ofMillis(300);

    private static final Duration ANSWER = Duration.ofSeconds(10);

    FuzzedLeader fuzzed;
    List<Target> targets;
    final List<String> failures = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fuzzed = FuzzedLeader.start(dir);
        targets = fuzzed.served();
    }

    @AfterAll
    void stop() throws Exception {
        fuzzed.close();
    }

    @Test
    void requestsThatDoNotParseOrComeInTheWrongNumberAreInvalidArgumentAndChangeNothing() {
        FuzzInputs inputs = new FuzzInputs(SEED, FuzzedLeader.TASK_IDS);
        for (Target target : targets) {
            expectAll(
                    target,
                    inputs.malformed(target.input(), target.type().clientSendsOneMessage()),
                    Status.Code.INVALID_ARGUMENT,
                    CallOptions.DEFAULT);
        }
        assertNoFailures();
    }

    @Test
    void requestsOverTheMessageLimitAreResourceExhaustedAndChangeNothing() {
        Input over = Input.of("one byte over the limit", FuzzInputs.ofSize(MAX_INBOUND + 1));
        Input inflating = Input.of("compressed, inflating past the limit", FuzzInputs.ofSize(2 * MAX_INBOUND));
        Input atLimit = Input.of("exactly at the limit", FuzzInputs.ofSize(MAX_INBOUND));
        for (Target target : targets) {
            expectAll(target, List.of(over), Status.Code.RESOURCE_EXHAUSTED, CallOptions.DEFAULT);
            expectAll(
                    target,
                    List.of(inflating),
                    Status.Code.RESOURCE_EXHAUSTED,
                    CallOptions.DEFAULT.withCompression("gzip"));
            expectAll(target, List.of(atLimit), null, CallOptions.DEFAULT);
        }
        assertNoFailures();
    }

    /**
     * Random values may be valid, so a call may succeed: the state is compared around each call
     * that was refused, and after one that succeeded the members it added leave (nothing can then
     * take work, so the state holds still until the next call).
     */
    @Test
    void randomFieldValuesGetAnAnswerAndRefusedOnesChangeNothing() {
        FuzzInputs inputs = new FuzzInputs(SEED, FuzzedLeader.TASK_IDS);
        for (Target target : targets) {
            List<Input> batch = new ArrayList<>();
            for (int i = 0; i < RANDOM_CALLS_PER_METHOD; i++) {
                byte[] message = inputs.message(target.input()).toByteArray();
                batch.add(
                        inputs.random().nextInt(4) > 0
                                ? Input.of("random values", message)
                                : Input.of("random values and unknown fields", inputs.withUnknownFields(message)));
            }
            batch.add(Input.of("unknown groups nested 50 deep", FuzzInputs.nestedGroups(50)));
            if (target.type() == MethodType.SERVER_STREAMING) { // watches: the server keeps them, so all at once
                expectAll(target, batch, null, CallOptions.DEFAULT);
                continue;
            }
            Stored before = fuzzed.stored();
            for (Input input : batch) {
                Outcome outcome = start(target, input, CallOptions.DEFAULT).join();
                check(target, input, outcome, null);
                Stored after = fuzzed.stored();
                boolean refused = !outcome.open() && !outcome.status().isOk();
                if (refused && !after.equals(before)) {
                    failures.add(report(target, input, "refused (" + outcome + "), yet the stored state changed"));
                }
                before = refused ? after : fuzzed.settle(after);
            }
            serving(target);
        }
        assertNoFailures();
    }

    /** Sends every input at once; each must end with {@code expected} (null: any answer); if all were refused, nothing changed. */
    private void expectAll(Target target, List<Input> batch, Status.Code expected, CallOptions options) {
        Stored before = fuzzed.stored();
        List<CompletableFuture<Outcome>> calls =
                batch.stream().map(input -> start(target, input, options)).toList();
        boolean allRefused = true;
        for (int i = 0; i < batch.size(); i++) {
            Outcome outcome = calls.get(i).join();
            check(target, batch.get(i), outcome, expected);
            allRefused &= !outcome.open() && !outcome.status().isOk();
        }
        if (allRefused && !fuzzed.stored().equals(before)) {
            failures.add(
                    report(target, batch.get(0), "every call of its batch was refused, yet the stored state changed"));
        }
        serving(target);
    }

    private void check(Target target, Input input, Outcome outcome, Status.Code expected) {
        if (outcome.open()) {
            if (expected != null || target.type() != MethodType.SERVER_STREAMING) {
                failures.add(report(target, input, "no answer within " + ANSWER.toSeconds() + " s"));
            }
            return;
        }
        Status status = outcome.status();
        if (expected != null && status.getCode() != expected) {
            failures.add(report(target, input, "expected " + expected + ", got " + outcome));
        } else if (NEVER.contains(status.getCode())) {
            failures.add(report(target, input, "got " + outcome));
        } else if (!status.isOk()
                && (status.getDescription() == null || status.getDescription().isBlank())) {
            failures.add(report(target, input, "refused without saying why: " + outcome));
        }
    }

    private CompletableFuture<Outcome> start(Target target, Input input, CallOptions options) {
        Duration openFor = target.type() == MethodType.SERVER_STREAMING ? KEPT_OPEN : ANSWER;
        return RawCall.start(fuzzed.leader.channel(), target.method(), input.messages(), openFor, options);
    }

    private void serving(Target after) {
        String problem = fuzzed.notServing();
        if (problem != null) {
            failures.add("after the calls to " + after.name() + ": " + problem);
        }
    }

    private static String report(Target target, Input input, String problem) {
        return target.name() + " with " + input + ": " + problem;
    }

    private void assertNoFailures() {
        fuzzed.grpcErrors().forEach(error -> failures.add("gRPC logged an error: " + error));
        List<String> found = List.copyOf(failures);
        failures.clear();
        assertThat(found)
                .as("fuzzer findings with seed %d (replay: -Dfuzz.seed=%d)", SEED, SEED)
                .isEmpty();
    }
}
