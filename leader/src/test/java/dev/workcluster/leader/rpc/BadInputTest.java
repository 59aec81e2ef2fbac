package dev.workcluster.leader.rpc;

import static io.grpc.Status.Code.ALREADY_EXISTS;
import static io.grpc.Status.Code.INVALID_ARGUMENT;
import static io.grpc.Status.Code.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.proto.cluster.v1.HeartbeatRequest;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc.LeaderServiceBlockingStub;
import dev.workcluster.proto.cluster.v1.LeaveRequest;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc.SchedulerServiceBlockingStub;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every input path's bad inputs, over real gRPC: each gets the right status code
 * and a message naming the problem, and none changes stored state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private static final int PAYLOAD_LIMIT = 1024;

    LeaderFixture leader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(
                dir, c -> c.withLimits(new StateLimits(PAYLOAD_LIMIT, 1_000, 1_000, Duration.ofHours(1), 3, 100)));
        leader.scheduler()
                .scheduleTask(schedule(Task.newBuilder().setId("existing").setPayload("original")));
        // Finished, so that nothing is dispatched to member-1 (it listens nowhere) while the cases run.
        leader.scheduler()
                .cancelTask(CancelTaskRequest.newBuilder().setId("existing").build());
        leader.cluster()
                .join(JoinRequest.newBuilder()
                        .setId("member-1")
                        .setAddress("127.0.0.1:1")
                        .build());
    }

    @AfterAll
    void stop() throws Exception {
        leader.close();
    }

    static ScheduleTaskRequest schedule(Task.Builder task) {
        return ScheduleTaskRequest.newBuilder().setTask(task).build();
    }

    record Case(String name, Consumer<LeaderFixture> call, Code code, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A call with a bad input; {@link #refused} says how the leader must answer it. */
    record BadCall(String name, Consumer<LeaderFixture> call) {
        Case refused(Code code, String messagePart) {
            return new Case(name, call, code, messagePart);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(scheduleTaskCases(), byIdCases(), pagingAndStatusCases(), joinCases(), hugeValueCases())
                .flatMap(Function.identity());
    }

    private static Stream<Case> scheduleTaskCases() {
        String huge = "x".repeat(PAYLOAD_LIMIT + 1);
        return Stream.of(
                new BadCall(
                                "ScheduleTask without task",
                                l -> l.scheduler().scheduleTask(ScheduleTaskRequest.getDefaultInstance()))
                        .refused(INVALID_ARGUMENT, "task is required"),
                scheduleTask("ScheduleTask empty id", task("", "p"))
                        .refused(INVALID_ARGUMENT, "task.id must not be empty"),
                scheduleTask("ScheduleTask blank id", task("  ", "p"))
                        .refused(INVALID_ARGUMENT, "task.id must not be empty"),
                scheduleTask("ScheduleTask absurd id", task("i".repeat(300), "p"))
                        .refused(INVALID_ARGUMENT, "over the limit of 256"),
                scheduleTask("ScheduleTask empty payload", task("t", ""))
                        .refused(INVALID_ARGUMENT, "task.payload of task 't' must not be empty"),
                scheduleTask("ScheduleTask oversize payload", task("big", huge))
                        .refused(INVALID_ARGUMENT, "1025 bytes, over the limit of 1024"),
                scheduleTask("ScheduleTask unknown priority", task("t", "p").setPriorityValue(9))
                        .refused(INVALID_ARGUMENT, "task.priority 9"),
                scheduleTask("ScheduleTask absurd max_attempts", task("t", "p").setMaxAttempts(1000))
                        .refused(INVALID_ARGUMENT, "max_attempts 1000"),
                scheduleTask("ScheduleTask duplicate id, other payload", task("existing", "changed"))
                        .refused(ALREADY_EXISTS, "task 'existing' already exists with a different payload"));
    }

    /** The calls that name one task or member: each refuses an empty id and finds no unknown one. */
    private static Stream<Case> byIdCases() {
        Stream<Stream<Case>> calls = Stream.of(
                taskById(
                        "CancelTask",
                        (s, id) -> s.cancelTask(
                                CancelTaskRequest.newBuilder().setId(id).build())),
                taskById(
                        "GetTask",
                        (s, id) ->
                                s.getTask(GetTaskRequest.newBuilder().setId(id).build())),
                taskById(
                        "TaskComplete",
                        (s, id) -> s.taskComplete(
                                TaskCompleteRequest.newBuilder().setId(id).build())),
                memberById(
                        "Leave",
                        (c, id) -> c.leave(LeaveRequest.newBuilder().setId(id).build())),
                memberById(
                        "Heartbeat",
                        (c, id) -> c.heartbeat(
                                HeartbeatRequest.newBuilder().setId(id).build())));
        return calls.flatMap(Function.identity());
    }

    private static Stream<Case> pagingAndStatusCases() {
        return Stream.of(
                getTasks(
                                "GetTasks negative page size",
                                GetTasksRequest.newBuilder().setPageSize(-1))
                        .refused(INVALID_ARGUMENT, "page_size -1"),
                getTasks(
                                "GetTasks absurd page size",
                                GetTasksRequest.newBuilder().setPageSize(1_000_000))
                        .refused(INVALID_ARGUMENT, "page_size 1000000"),
                getTasks(
                                "GetTasks forged page token",
                                GetTasksRequest.newBuilder().setPageToken("abc"))
                        .refused(INVALID_ARGUMENT, "page_token 'abc'"),
                getTasks("GetTasks unknown status", GetTasksRequest.newBuilder().setStatusValue(42))
                        .refused(INVALID_ARGUMENT, "status 42"),
                members(
                                "Members negative page size",
                                MembersRequest.newBuilder().setPageSize(-1))
                        .refused(INVALID_ARGUMENT, "page_size -1 must be between 1 and 10000"),
                members("Members absurd page size", MembersRequest.newBuilder().setPageSize(10_001))
                        .refused(INVALID_ARGUMENT, "page_size 10001"),
                members("Members forged page token", MembersRequest.newBuilder().setPageToken("not base64!"))
                        .refused(INVALID_ARGUMENT, "page_token 'not base64!' is not a token returned by Members"),
                members(
                                "Members page token of an absurd id",
                                MembersRequest.newBuilder()
                                        .setPageToken(Base64.getUrlEncoder()
                                                .withoutPadding()
                                                .encodeToString(new byte[300])))
                        .refused(INVALID_ARGUMENT, "is not a token returned by Members"),
                new BadCall(
                                "Heartbeat unknown status",
                                l -> l.cluster()
                                        .heartbeat(HeartbeatRequest.newBuilder()
                                                .setId("member-1")
                                                .setStatusValue(7)
                                                .build()))
                        .refused(INVALID_ARGUMENT, "status 7"));
    }

    private static Stream<Case> joinCases() {
        return Stream.of(
                join("Join empty id", "", "127.0.0.1:1").refused(INVALID_ARGUMENT, "id must not be empty"),
                join("Join address without port", "m", "localhost")
                        .refused(INVALID_ARGUMENT, "address 'localhost' must be host:port"),
                join("Join bare IPv6 address", "m", "::1:40041")
                        .refused(INVALID_ARGUMENT, "write IPv6 addresses as [::1]:40041"),
                join("Join address with a space", "m", "a b:80").refused(INVALID_ARGUMENT, "host 'a b'"),
                join("Join address with two colons", "m", "foo:bar:80").refused(INVALID_ARGUMENT, "host 'foo:bar'"),
                join("Join address with bad port", "m", "h:70000").refused(INVALID_ARGUMENT, "port 70000"));
    }

    /** Quoted whole, these values made error messages larger than clients take in a header (INTERNAL). */
    private static Stream<Case> hugeValueCases() {
        String hugeText = "€".repeat(70_000); // three bytes in UTF-8, nine in a percent-encoded header
        return Stream.of(
                getTasks(
                                "GetTasks huge page token",
                                GetTasksRequest.newBuilder().setPageToken(hugeText))
                        .refused(INVALID_ARGUMENT, "€€€…' (70000 characters) is not a token returned by GetTasks"),
                members("Members huge page token", MembersRequest.newBuilder().setPageToken(hugeText))
                        .refused(INVALID_ARGUMENT, "€€€…' (70000 characters) is not a token returned by Members"),
                join("Join huge address", "m", hugeText)
                        .refused(INVALID_ARGUMENT, "€€€…' (70000 characters) must be host:port"),
                new BadCall(
                                "health check of a huge service name",
                                l -> HealthGrpc.newBlockingStub(l.channel())
                                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                                        .check(HealthCheckRequest.newBuilder()
                                                .setService(hugeText)
                                                .build()))
                        .refused(NOT_FOUND, "… (cut from 70016 characters)"));
    }

    private static Task.Builder task(String id, String payload) {
        return Task.newBuilder().setId(id).setPayload(payload);
    }

    private static BadCall scheduleTask(String name, Task.Builder task) {
        return new BadCall(name, l -> l.scheduler().scheduleTask(schedule(task)));
    }

    private static BadCall getTasks(String name, GetTasksRequest.Builder request) {
        return new BadCall(name, l -> l.scheduler().getTasks(request.build()));
    }

    private static BadCall members(String name, MembersRequest.Builder request) {
        return new BadCall(name, l -> l.cluster().members(request.build()));
    }

    private static BadCall join(String name, String id, String address) {
        return new BadCall(
                name,
                l -> l.cluster()
                        .join(JoinRequest.newBuilder()
                                .setId(id)
                                .setAddress(address)
                                .build()));
    }

    private static Stream<Case> taskById(String call, BiConsumer<SchedulerServiceBlockingStub, String> withId) {
        return byId(call, (l, id) -> withId.accept(l.scheduler(), id), "unknown id", "nope", "task 'nope' not found");
    }

    private static Stream<Case> memberById(String call, BiConsumer<LeaderServiceBlockingStub, String> withId) {
        return byId(
                call, (l, id) -> withId.accept(l.cluster(), id), "unknown member", "ghost", "member 'ghost' not found");
    }

    private static Stream<Case> byId(
            String call, BiConsumer<LeaderFixture, String> withId, String unknown, String unknownId, String notFound) {
        return Stream.of(
                new Case(call + " empty id", l -> withId.accept(l, ""), INVALID_ARGUMENT, "id must not be empty"),
                new Case(call + " " + unknown, l -> withId.accept(l, unknownId), NOT_FOUND, notFound));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedWithTheRightCodeAndChangesNothing(Case badInput) {
        GetTasksResponse tasksBefore = leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance());
        var membersBefore = leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                .map(m -> m.toBuilder().clearLastHeartbeatAt().build())
                .toList();

        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class, () -> badInput.call().accept(leader));

        assertThat(error).as("refused").isNotNull();
        assertThat(error.getStatus().getCode()).isEqualTo(badInput.code());
        assertThat(error.getStatus().getDescription()).contains(badInput.messagePart());
        assertThat(leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance()))
                .isEqualTo(tasksBefore);
        assertThat(leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                        .map(m -> m.toBuilder().clearLastHeartbeatAt().build())
                        .toList())
                .isEqualTo(membersBefore);
    }
}
