package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RawCall;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that are not a request at all: bytes that do not parse as the method's request
 * type, and unary calls with no request or two, are INVALID_ARGUMENT naming the method and the
 * problem; a compressed request that inflates past the message limit is RESOURCE_EXHAUSTED.
 * (grpc-java alone answers UNKNOWN, INTERNAL and UNKNOWN.) None changes stored state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestDecodingTest {
    LeaderFixture leader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(dir);
        leader.scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId("existing").setPayload("p"))
                        .build());
    }

    @AfterAll
    void stop() throws Exception {
        leader.close();
    }

    record Case(String name, MethodDescriptor<?, ?> method, List<byte[]> requests, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        byte[] getTask = GetTaskRequest.newBuilder().setId("existing").build().toByteArray();
        // ScheduleTaskRequest{task: Task{id: <the bytes C3 28, not UTF-8>, payload: "p"}}, by hand
        byte[] badUtf8Id = {0x0A, 0x07, 0x0A, 0x02, (byte) 0xC3, 0x28, 0x12, 0x01, 'p'};
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0x02};
        return Stream.of(
                        new Case(
                                "truncated GetTask",
                                SchedulerServiceGrpc.getGetTaskMethod(),
                                List.of(Arrays.copyOf(getTask, getTask.length - 3)),
                                "the request to scheduler.v1.SchedulerService/GetTask is not a valid scheduler.v1.GetTaskRequest"),
                        new Case(
                                "ScheduleTask whose id is not UTF-8",
                                SchedulerServiceGrpc.getScheduleTaskMethod(),
                                List.of(badUtf8Id),
                                "is not a valid scheduler.v1.ScheduleTaskRequest"),
                        new Case(
                                "Session whose first frame is garbage",
                                LeaderServiceGrpc.getSessionMethod(),
                                List.of(garbage),
                                "is not a valid cluster.v1.SessionRequest"),
                        new Case(
                                "health check of garbage",
                                HealthGrpc.getCheckMethod(),
                                List.of(garbage),
                                "is not a valid grpc.health.v1.HealthCheckRequest"),
                        new Case(
                                "GetTask with two requests",
                                SchedulerServiceGrpc.getGetTaskMethod(),
                                List.of(getTask, getTask),
                                "scheduler.v1.SchedulerService/GetTask takes exactly one request message, got a second one"),
                        new Case(
                                "ScheduleTask with no request",
                                SchedulerServiceGrpc.getScheduleTaskMethod(),
                                List.of(),
                                "scheduler.v1.SchedulerService/ScheduleTask takes exactly one request message, got none"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithInvalidArgumentNamingTheProblemAndNothingStored(Case bad) throws Exception {
        var tasksBefore = leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance());
        var membersBefore = leader.cluster().members(MembersRequest.getDefaultInstance());

        RawCall.Outcome outcome = RawCall.start(
                        leader.channel(),
                        RawCall.method(
                                bad.method().getFullMethodName(), bad.method().getType()),
                        bad.requests(),
                        Duration.ofSeconds(10),
                        CallOptions.DEFAULT)
                .get();

        assertThat(outcome.open()).as("ended: %s", outcome).isFalse();
        assertThat(outcome.status().getCode()).as("%s", outcome).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(outcome.status().getDescription()).contains(bad.message());
        assertThat(leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance()))
                .isEqualTo(tasksBefore);
        assertThat(leader.cluster().members(MembersRequest.getDefaultInstance()))
                .isEqualTo(membersBefore);
    }

    @Test
    void aCompressedRequestThatInflatesPastTheMessageLimitIsResourceExhausted() throws Exception {
        var tasksBefore = leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance());
        byte[] inflated = ScheduleTaskRequest.newBuilder()
                .setTask(Task.newBuilder().setId("big").setPayload("0".repeat(5 << 20)))
                .build()
                .toByteArray(); // a few KiB once compressed

        RawCall.Outcome outcome = RawCall.start(
                        leader.channel(),
                        RawCall.method(
                                SchedulerServiceGrpc.getScheduleTaskMethod().getFullMethodName(),
                                MethodDescriptor.MethodType.UNARY),
                        List.of(inflated),
                        Duration.ofSeconds(10),
                        CallOptions.DEFAULT.withCompression("gzip"))
                .get();

        assertThat(outcome.open()).as("ended: %s", outcome).isFalse();
        assertThat(outcome.status().getCode()).as("%s", outcome).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(outcome.status().getDescription())
                .isEqualTo("the request to scheduler.v1.SchedulerService/ScheduleTask: "
                        + "Decompressed gRPC message exceeds maximum size 4194304");
        assertThat(leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance()))
                .isEqualTo(tasksBefore);
    }

    @Test
    void aCompressedRequestWithinTheLimitIsDecodedAndApplied() throws Exception {
        byte[] request = ScheduleTaskRequest.newBuilder()
                .setTask(Task.newBuilder().setId("gzipped").setPayload("1".repeat(64 << 10)))
                .build()
                .toByteArray();

        RawCall.Outcome outcome = RawCall.start(
                        leader.channel(),
                        RawCall.method(
                                SchedulerServiceGrpc.getScheduleTaskMethod().getFullMethodName(),
                                MethodDescriptor.MethodType.UNARY),
                        List.of(request),
                        Duration.ofSeconds(10),
                        CallOptions.DEFAULT.withCompression("gzip"))
                .get();

        assertThat(outcome.status().getCode()).as("%s", outcome).isEqualTo(Status.Code.OK);
        assertThat(leader.scheduler()
                        .getTask(GetTaskRequest.newBuilder().setId("gzipped").build())
                        .getTask()
                        .getPayload())
                .hasSize(64 << 10);
    }

    /** A stream that knows its length is read into an array of that size; one that misstates it still reads whole. */
    @Test
    void wireBytesAreReadWholeWhateverTheStreamSaysItsLengthIs() throws Exception {
        byte[] bytes = new byte[5000];
        Arrays.fill(bytes, (byte) 7);
        class Stated extends java.io.ByteArrayInputStream implements io.grpc.KnownLength {
            private final int stated;

            Stated(int stated) {
                super(bytes);
                this.stated = stated;
            }

            @Override
            public synchronized int available() {
                return Math.min(stated, super.available());
            }
        }

        assertThat(RequestDecoding.readFully(new Stated(5000))).isEqualTo(bytes);
        assertThat(RequestDecoding.readFully(new Stated(100))).isEqualTo(bytes);
        assertThat(RequestDecoding.readFully(new Stated(0))).isEqualTo(bytes);
        assertThat(RequestDecoding.readFully(new java.io.ByteArrayInputStream(bytes)))
                .isEqualTo(bytes);
    }

    /**
     * The reflection service ends its call when gRPC cancels it for a request over the size
     * limit; that second close once made Netty send a GOAWAY, failing every call on the connection.
     */
    @Test
    void aRequestOverTheSizeLimitEndsItsOwnCallOnly() throws Exception {
        Context.CancellableContext watching = Context.current().withCancellation();
        try {
            Iterator<WatchTasksResponse> watch =
                    watching.call(() -> SchedulerServiceGrpc.newBlockingStub(leader.channel())
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .watchTasks(WatchTasksRequest.newBuilder().build()));
            byte[] over = new byte[(4 << 20) + 1];
            over[0] = 0x0A; // so it is not all zero bytes, which are no message at all

            RawCall.Outcome outcome = RawCall.start(
                            leader.channel(),
                            RawCall.method(
                                    ServerReflectionGrpc.getServerReflectionInfoMethod()
                                            .getFullMethodName(),
                                    MethodDescriptor.MethodType.BIDI_STREAMING),
                            List.of(over),
                            Duration.ofSeconds(10),
                            CallOptions.DEFAULT)
                    .get();

            assertThat(outcome.status().getCode()).as("%s", outcome).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            leader.scheduler()
                    .scheduleTask(ScheduleTaskRequest.newBuilder()
                            .setTask(Task.newBuilder().setId("after").setPayload("p"))
                            .build());
            assertThat(watch.next().getTask().getId())
                    .as("the watch on the same connection goes on")
                    .isEqualTo("after");
        } finally {
            watching.cancel(null);
        }
    }

    /** The session hears of the refusal: its member must not stay connected on a stream that is gone. */
    @Test
    void aSessionRefusedForAMalformedMessageAfterItsWelcomeLeavesItsMemberDisconnected() throws Exception {
        byte[] hello = SessionRequest.newBuilder()
                .setHello(Hello.newBuilder().setWorkerId("garbled").setSlots(1).setHeartbeatIntervalMs(10_000))
                .build()
                .toByteArray();
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0x02};

        RawCall.Outcome outcome = RawCall.start(
                        leader.channel(),
                        RawCall.method(
                                LeaderServiceGrpc.getSessionMethod().getFullMethodName(),
                                MethodDescriptor.MethodType.BIDI_STREAMING),
                        List.of(hello, garbage),
                        RawCall.End.NOTHING,
                        Duration.ofSeconds(10),
                        CallOptions.DEFAULT)
                .get();

        assertThat(outcome.status().getCode()).as("%s", outcome).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(SessionResponse.parseFrom(outcome.responses().get(0)).hasWelcome())
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(leader.cluster()
                                .members(MembersRequest.getDefaultInstance())
                                .getMembersList())
                        .filteredOn(m -> m.getId().equals("garbled"))
                        .singleElement()
                        .satisfies(m -> assertThat(m.getStatus()).contains("disconnected")));
    }
}
