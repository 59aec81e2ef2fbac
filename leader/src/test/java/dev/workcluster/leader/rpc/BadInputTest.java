package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.proto.cluster.v1.HeartbeatRequest;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.LeaveRequest;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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

    record Case(String name, Consumer<LeaderFixture> call, Status.Code code, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        String huge = "x".repeat(PAYLOAD_LIMIT + 1);
        String hugeText = "€".repeat(70_000); // three bytes in UTF-8, nine in a percent-encoded header
        return Stream.of(
                        new Case(
                                "ScheduleTask without task",
                                l -> l.scheduler().scheduleTask(ScheduleTaskRequest.getDefaultInstance()),
                                Status.Code.INVALID_ARGUMENT,
                                "task is required"),
                        new Case(
                                "ScheduleTask empty id",
                                l -> l.scheduler()
                                        .scheduleTask(schedule(Task.newBuilder().setPayload("p"))),
                                Status.Code.INVALID_ARGUMENT,
                                "task.id must not be empty"),
                        new Case(
                                "ScheduleTask blank id",
                                l -> l.scheduler()
                                        .scheduleTask(schedule(
                                                Task.newBuilder().setId("  ").setPayload("p"))),
                                Status.Code.INVALID_ARGUMENT,
                                "task.id must not be empty"),
                        new Case(
                                "ScheduleTask absurd id",
                                l -> l.scheduler()
                                        .scheduleTask(schedule(Task.newBuilder()
                                                .setId("i".repeat(300))
                                                .setPayload("p"))),
                                Status.Code.INVALID_ARGUMENT,
                                "over the limit of 256"),
                        new Case(
                                "ScheduleTask empty payload",
                                l -> l.scheduler()
                                        .scheduleTask(schedule(Task.newBuilder().setId("t"))),
                                Status.Code.INVALID_ARGUMENT,
                                "task.payload of task 't' must not be empty"),
                        new Case(
                                "ScheduleTask oversize payload",
                                l -> l.scheduler()
                                        .scheduleTask(schedule(
                                                Task.newBuilder().setId("big").setPayload(huge))),
                                Status.Code.INVALID_ARGUMENT,
                                "1025 bytes, over the limit of 1024"),
                        new Case(
                                "ScheduleTask unknown priority",
                                l -> l.scheduler()
                                        .scheduleTask(schedule(Task.newBuilder()
                                                .setId("t")
                                                .setPayload("p")
                                                .setPriorityValue(9))),
                                Status.Code.INVALID_ARGUMENT,
                                "task.priority 9"),
                        new Case(
                                "ScheduleTask absurd max_attempts",
                                l -> l.scheduler()
                                        .scheduleTask(schedule(Task.newBuilder()
                                                .setId("t")
                                                .setPayload("p")
                                                .setMaxAttempts(1000))),
                                Status.Code.INVALID_ARGUMENT,
                                "max_attempts 1000"),
                        new Case(
                                "ScheduleTask duplicate id, other payload",
                                l -> l.scheduler()
                                        .scheduleTask(schedule(Task.newBuilder()
                                                .setId("existing")
                                                .setPayload("changed"))),
                                Status.Code.ALREADY_EXISTS,
                                "task 'existing' already exists with a different payload"),
                        new Case(
                                "CancelTask empty id",
                                l -> l.scheduler().cancelTask(CancelTaskRequest.getDefaultInstance()),
                                Status.Code.INVALID_ARGUMENT,
                                "id must not be empty"),
                        new Case(
                                "CancelTask unknown id",
                                l -> l.scheduler()
                                        .cancelTask(CancelTaskRequest.newBuilder()
                                                .setId("nope")
                                                .build()),
                                Status.Code.NOT_FOUND,
                                "task 'nope' not found"),
                        new Case(
                                "GetTask empty id",
                                l -> l.scheduler().getTask(GetTaskRequest.getDefaultInstance()),
                                Status.Code.INVALID_ARGUMENT,
                                "id must not be empty"),
                        new Case(
                                "GetTask unknown id",
                                l -> l.scheduler()
                                        .getTask(GetTaskRequest.newBuilder()
                                                .setId("nope")
                                                .build()),
                                Status.Code.NOT_FOUND,
                                "task 'nope' not found"),
                        new Case(
                                "TaskComplete empty id",
                                l -> l.scheduler().taskComplete(TaskCompleteRequest.getDefaultInstance()),
                                Status.Code.INVALID_ARGUMENT,
                                "id must not be empty"),
                        new Case(
                                "TaskComplete unknown id",
                                l -> l.scheduler()
                                        .taskComplete(TaskCompleteRequest.newBuilder()
                                                .setId("nope")
                                                .build()),
                                Status.Code.NOT_FOUND,
                                "task 'nope' not found"),
                        new Case(
                                "GetTasks negative page size",
                                l -> l.scheduler()
                                        .getTasks(GetTasksRequest.newBuilder()
                                                .setPageSize(-1)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "page_size -1"),
                        new Case(
                                "GetTasks absurd page size",
                                l -> l.scheduler()
                                        .getTasks(GetTasksRequest.newBuilder()
                                                .setPageSize(1_000_000)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "page_size 1000000"),
                        new Case(
                                "GetTasks forged page token",
                                l -> l.scheduler()
                                        .getTasks(GetTasksRequest.newBuilder()
                                                .setPageToken("abc")
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "page_token 'abc'"),
                        new Case(
                                "GetTasks unknown status",
                                l -> l.scheduler()
                                        .getTasks(GetTasksRequest.newBuilder()
                                                .setStatusValue(42)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "status 42"),
                        new Case(
                                "Join empty id",
                                l -> l.cluster()
                                        .join(JoinRequest.newBuilder()
                                                .setAddress("127.0.0.1:1")
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "id must not be empty"),
                        new Case(
                                "Join address without port",
                                l -> l.cluster()
                                        .join(JoinRequest.newBuilder()
                                                .setId("m")
                                                .setAddress("localhost")
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "address 'localhost' must be host:port"),
                        new Case(
                                "Join bare IPv6 address",
                                l -> l.cluster()
                                        .join(JoinRequest.newBuilder()
                                                .setId("m")
                                                .setAddress("::1:40041")
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "write IPv6 addresses as [::1]:40041"),
                        new Case(
                                "Join address with a space",
                                l -> l.cluster()
                                        .join(JoinRequest.newBuilder()
                                                .setId("m")
                                                .setAddress("a b:80")
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "host 'a b'"),
                        new Case(
                                "Join address with two colons",
                                l -> l.cluster()
                                        .join(JoinRequest.newBuilder()
                                                .setId("m")
                                                .setAddress("foo:bar:80")
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "host 'foo:bar'"),
                        new Case(
                                "Join address with bad port",
                                l -> l.cluster()
                                        .join(JoinRequest.newBuilder()
                                                .setId("m")
                                                .setAddress("h:70000")
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "port 70000"),
                        new Case(
                                "Leave empty id",
                                l -> l.cluster().leave(LeaveRequest.getDefaultInstance()),
                                Status.Code.INVALID_ARGUMENT,
                                "id must not be empty"),
                        new Case(
                                "Leave unknown member",
                                l -> l.cluster()
                                        .leave(LeaveRequest.newBuilder()
                                                .setId("ghost")
                                                .build()),
                                Status.Code.NOT_FOUND,
                                "member 'ghost' not found"),
                        new Case(
                                "Heartbeat empty id",
                                l -> l.cluster().heartbeat(HeartbeatRequest.getDefaultInstance()),
                                Status.Code.INVALID_ARGUMENT,
                                "id must not be empty"),
                        new Case(
                                "Heartbeat unknown member",
                                l -> l.cluster()
                                        .heartbeat(HeartbeatRequest.newBuilder()
                                                .setId("ghost")
                                                .build()),
                                Status.Code.NOT_FOUND,
                                "member 'ghost' not found"),
                        new Case(
                                "Members negative page size",
                                l -> l.cluster()
                                        .members(MembersRequest.newBuilder()
                                                .setPageSize(-1)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "page_size -1 must be between 1 and 10000"),
                        new Case(
                                "Members absurd page size",
                                l -> l.cluster()
                                        .members(MembersRequest.newBuilder()
                                                .setPageSize(10_001)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "page_size 10001"),
                        new Case(
                                "Members forged page token",
                                l -> l.cluster()
                                        .members(MembersRequest.newBuilder()
                                                .setPageToken("not base64!")
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "page_token 'not base64!' is not a token returned by Members"),
                        new Case(
                                "Members page token of an absurd id",
                                l -> l.cluster()
                                        .members(MembersRequest.newBuilder()
                                                .setPageToken(java.util.Base64.getUrlEncoder()
                                                        .withoutPadding()
                                                        .encodeToString(new byte[300]))
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "is not a token returned by Members"),
                        new Case(
                                "Heartbeat unknown status",
                                l -> l.cluster()
                                        .heartbeat(HeartbeatRequest.newBuilder()
                                                .setId("member-1")
                                                .setStatusValue(7)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "status 7"),
                        // Quoted whole, these values made error messages larger than clients take in a header
                        // (INTERNAL).
                        new Case(
                                "GetTasks huge page token",
                                l -> l.scheduler()
                                        .getTasks(GetTasksRequest.newBuilder()
                                                .setPageToken(hugeText)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "€€€…' (70000 characters) is not a token returned by GetTasks"),
                        new Case(
                                "Members huge page token",
                                l -> l.cluster()
                                        .members(MembersRequest.newBuilder()
                                                .setPageToken(hugeText)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "€€€…' (70000 characters) is not a token returned by Members"),
                        new Case(
                                "Join huge address",
                                l -> l.cluster()
                                        .join(JoinRequest.newBuilder()
                                                .setId("m")
                                                .setAddress(hugeText)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "€€€…' (70000 characters) must be host:port"),
                        new Case(
                                "health check of a huge service name",
                                l -> HealthGrpc.newBlockingStub(l.channel())
                                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                                        .check(HealthCheckRequest.newBuilder()
                                                .setService(hugeText)
                                                .build()),
                                Status.Code.NOT_FOUND,
                                "… (cut from 70016 characters)"))
                .map(Arguments::of);
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
