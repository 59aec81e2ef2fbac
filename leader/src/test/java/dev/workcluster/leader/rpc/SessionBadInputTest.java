package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RawSession;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionHeartbeat;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.proto.cluster.v1.TaskOutcomes;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad session messages end the stream with INVALID_ARGUMENT naming the problem; nothing is stored. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionBadInputTest {
    LeaderFixture leader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(dir);
    }

    @AfterAll
    void stop() throws Exception {
        leader.close();
    }

    static java.util.Map<String, String> manyLabels(int count) {
        java.util.Map<String, String> labels = new java.util.TreeMap<>();
        for (int i = 0; i < count; i++) {
            labels.put("k" + i, "v");
        }
        return labels;
    }

    static SessionRequest hello(Hello.Builder hello) {
        return SessionRequest.newBuilder().setHello(hello).build();
    }

    static Hello.Builder valid(String id) {
        return Hello.newBuilder().setWorkerId(id).setSlots(2).setHeartbeatIntervalMs(1000);
    }

    record Case(String name, List<SessionRequest> messages, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        SessionRequest heartbeat = SessionRequest.newBuilder()
                .setHeartbeat(SessionHeartbeat.getDefaultInstance())
                .build();
        return Stream.of(
                        new Case(
                                "heartbeat before hello",
                                List.of(heartbeat),
                                "first message of a session must be a hello"),
                        new Case(
                                "empty message",
                                List.of(SessionRequest.getDefaultInstance()),
                                "first message of a session must be a hello"),
                        new Case("empty worker id", List.of(hello(valid(""))), "hello.worker_id must not be empty"),
                        new Case(
                                "label key with a space",
                                List.of(hello(valid("w").putLabels("my key", "v"))),
                                "hello.labels label key 'my key' must be 1 to 63 letters, digits and ._/-"),
                        new Case(
                                "label value with a slash",
                                List.of(hello(valid("w").putLabels("zone", "eu/west"))),
                                "hello.labels value 'eu/west' of label 'zone' must be up to 63 letters, digits and ._-"),
                        new Case(
                                "too many labels",
                                List.of(hello(valid("w").putAllLabels(manyLabels(33)))),
                                "hello.labels holds 33 labels, over the limit of 32"),
                        new Case("absurd worker id", List.of(hello(valid("w".repeat(300)))), "over the limit of 256"),
                        new Case(
                                "zero slots",
                                List.of(hello(valid("w").setSlots(0))),
                                "hello.slots must be between 1 and 1024, got 0"),
                        new Case("absurd slots", List.of(hello(valid("w").setSlots(5000))), "got 5000"),
                        new Case(
                                "heartbeat interval too short",
                                List.of(hello(valid("w").setHeartbeatIntervalMs(10))),
                                "hello.heartbeat_interval_ms must be between 50 and 60000, got 10"),
                        new Case(
                                "running task without id",
                                List.of(hello(valid("w")
                                        .addRunning(TaskAttempt.newBuilder().setAttempt(1)))),
                                "hello.running.task_id must not be empty"),
                        new Case(
                                "second hello",
                                List.of(hello(valid("w2")), hello(valid("w2"))),
                                "a session sends one hello"),
                        new Case(
                                "outcome without task id",
                                List.of(
                                        hello(valid("w3")),
                                        SessionRequest.newBuilder()
                                                .setOutcome(TaskOutcome.newBuilder()
                                                        .setAttempt(1)
                                                        .setResult("r"))
                                                .build()),
                                "outcome.task_id must not be empty"),
                        new Case(
                                "outcome without attempt",
                                List.of(
                                        hello(valid("w4")),
                                        SessionRequest.newBuilder()
                                                .setOutcome(TaskOutcome.newBuilder()
                                                        .setTaskId("t")
                                                        .setResult("r"))
                                                .build()),
                                "outcome.attempt of task 't' must be >= 1"),
                        new Case(
                                "hand back without task id",
                                List.of(
                                        hello(valid("w5")),
                                        SessionRequest.newBuilder()
                                                .setHandBack(
                                                        TaskAttempt.newBuilder().setAttempt(1))
                                                .build()),
                                "hand_back.task_id must not be empty"),
                        new Case(
                                "empty outcomes batch",
                                List.of(
                                        hello(valid("w6").setBatches(true)),
                                        SessionRequest.newBuilder()
                                                .setOutcomes(TaskOutcomes.getDefaultInstance())
                                                .build()),
                                "outcomes must hold at least one outcome"),
                        new Case(
                                "outcomes batch over the limit",
                                List.of(
                                        hello(valid("w7").setBatches(true)),
                                        SessionRequest.newBuilder()
                                                .setOutcomes(TaskOutcomes.newBuilder()
                                                        .addAllOutcomes(java.util.Collections.nCopies(
                                                                4_097,
                                                                TaskOutcome.newBuilder()
                                                                        .setTaskId("t")
                                                                        .setAttempt(1)
                                                                        .setResult("r")
                                                                        .build())))
                                                .build()),
                                "at most 4096 outcomes per message, got 4097"),
                        new Case(
                                "one bad outcome in a batch",
                                List.of(
                                        hello(valid("w8").setBatches(true)),
                                        SessionRequest.newBuilder()
                                                .setOutcomes(TaskOutcomes.newBuilder()
                                                        .addOutcomes(TaskOutcome.newBuilder()
                                                                .setTaskId("t")
                                                                .setAttempt(1)
                                                                .setResult("r"))
                                                        .addOutcomes(TaskOutcome.newBuilder()
                                                                .setTaskId("t2")
                                                                .setResult("r")))
                                                .build()),
                                "outcome.attempt of task 't2' must be >= 1"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithInvalidArgumentAndNothingStored(Case bad) throws Exception {
        var tasksBefore =
                leader.scheduler().getTasks(dev.workcluster.proto.scheduler.v1.GetTasksRequest.getDefaultInstance());
        RawSession session = new RawSession(leader.channel());
        bad.messages().forEach(session::send);

        Status status = session.ended().get(10, TimeUnit.SECONDS);

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains(bad.messagePart());
        assertThat(leader.scheduler().getTasks(dev.workcluster.proto.scheduler.v1.GetTasksRequest.getDefaultInstance()))
                .isEqualTo(tasksBefore);
        boolean helloWasValid = bad.messages().size() > 1;
        if (!helloWasValid) {
            assertThat(leader.cluster()
                            .members(MembersRequest.getDefaultInstance())
                            .getMembersList())
                    .isEmpty();
        }
    }

    /**
     * A worker whose refused session half-closes after the refusal: the leader ended the stream
     * already and must not end it again (gRPC throws at a second end, and logs it as an error).
     */
    @Test
    void aRefusedSessionThatTheWorkerThenHalfClosesIsEndedOnce() throws Exception {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger grpc = Logger.getLogger("io.grpc");
        grpc.addHandler(recorder);
        try {
            List<RawSession> refused = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                RawSession session = new RawSession(leader.channel());
                session.send(SessionRequest.newBuilder()
                        .setHeartbeat(SessionHeartbeat.getDefaultInstance())
                        .build());
                session.halfClose();
                refused.add(session);
            }
            for (RawSession session : refused) {
                assertThat(session.ended().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            }
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(errors::isEmpty);
        } finally {
            grpc.removeHandler(recorder);
        }
    }
}
