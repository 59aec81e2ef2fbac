package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksResponse;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The batch submit call over real gRPC: all or none, in order, idempotent, and its bad inputs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleTasksRpcTest {
    private static final int PAYLOAD_LIMIT = 1024;
    private static final int QUEUE_LIMIT = 1_000;

    LeaderFixture leader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(
                dir,
                c -> c.withLimits(new StateLimits(PAYLOAD_LIMIT, QUEUE_LIMIT, 10_000, Duration.ofHours(1), 3, 100)));
        leader.scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId("existing").setPayload("original"))
                        .build());
    }

    @AfterAll
    void stop() throws Exception {
        leader.close();
    }

    @Test
    void schedulesEveryTaskAndAnswersInTheOrderOfTheRequest() {
        ScheduleTasksRequest request = request(task("batch-b"), task("batch-a"), task("batch-c"));

        ScheduleTasksResponse response = leader.scheduler().scheduleTasks(request);

        assertThat(response.getTasksList()).extracting(Task::getId).containsExactly("batch-b", "batch-a", "batch-c");
        assertThat(response.getTasksList()).extracting(Task::getStatus).containsOnly(TaskStatus.TASK_STATUS_PENDING);
        assertThat(response.getTasks(0).hasCreatedAt()).isTrue();
        // a retry of a call whose reply was lost answers the same and adds nothing
        int before = allTasks().getTasksCount();
        assertThat(leader.scheduler().scheduleTasks(request)).isEqualTo(response);
        assertThat(allTasks().getTasksCount()).isEqualTo(before);
    }

    record Case(String name, ScheduleTasksRequest request, Status.Code code, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Arguments> badBatches() {
        String huge = "x".repeat(PAYLOAD_LIMIT + 1);
        return Stream.of(
                        new Case(
                                "no tasks",
                                ScheduleTasksRequest.getDefaultInstance(),
                                Status.Code.INVALID_ARGUMENT,
                                "tasks must hold at least one task"),
                        new Case(
                                "over the per-call limit",
                                request(IntStream.range(0, NewTasks.MAX_PER_CALL + 1)
                                        .mapToObj(i -> task("many-" + i))
                                        .toArray(Task[]::new)),
                                Status.Code.INVALID_ARGUMENT,
                                "10001 tasks, over the limit of 10000 per call"),
                        new Case(
                                "empty id in the middle",
                                request(
                                        task("ok-1"),
                                        Task.newBuilder().setPayload("p").build()),
                                Status.Code.INVALID_ARGUMENT,
                                "tasks[1].id must not be empty"),
                        new Case(
                                "empty payload",
                                request(Task.newBuilder().setId("t").build()),
                                Status.Code.INVALID_ARGUMENT,
                                "tasks[0].payload of task 't' must not be empty"),
                        new Case(
                                "payload over the limit",
                                request(
                                        task("ok-1"),
                                        task("ok-2"),
                                        Task.newBuilder()
                                                .setId("big")
                                                .setPayload(huge)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "tasks[2].payload of task 'big' is 1025 bytes, over the limit of 1024"),
                        new Case(
                                "unknown priority",
                                request(
                                        task("ok-1"),
                                        Task.newBuilder()
                                                .setId("t")
                                                .setPayload("p")
                                                .setPriorityValue(9)
                                                .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "tasks[1].priority 9 of task 't' is not a TaskPriority"),
                        new Case(
                                "absurd max_attempts",
                                request(Task.newBuilder()
                                        .setId("t")
                                        .setPayload("p")
                                        .setMaxAttempts(1000)
                                        .build()),
                                Status.Code.INVALID_ARGUMENT,
                                "tasks[0].max_attempts 1000 of task 't'"),
                        new Case(
                                "the same id twice",
                                request(task("dup"), task("other"), task("dup")),
                                Status.Code.INVALID_ARGUMENT,
                                "tasks[2].id 'dup' repeats tasks[0].id"),
                        new Case(
                                "an existing id with another payload",
                                request(
                                        task("fresh"),
                                        Task.newBuilder()
                                                .setId("existing")
                                                .setPayload("changed")
                                                .build()),
                                Status.Code.ALREADY_EXISTS,
                                "task 'existing' already exists with a different payload"),
                        new Case(
                                "more than the queue holds",
                                request(IntStream.range(0, QUEUE_LIMIT + 1)
                                        .mapToObj(i -> task("full-" + i))
                                        .toArray(Task[]::new)),
                                Status.Code.RESOURCE_EXHAUSTED,
                                "queue is full"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBatches")
    void aBadBatchIsRefusedWholeWithTheRightCode(Case bad) {
        GetTasksResponse before = allTasks();

        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class, () -> leader.scheduler().scheduleTasks(bad.request()));

        assertThat(error).as("refused").isNotNull();
        assertThat(error.getStatus().getCode()).isEqualTo(bad.code());
        assertThat(error.getStatus().getDescription()).contains(bad.messagePart());
        assertThat(allTasks()).isEqualTo(before);
    }

    private GetTasksResponse allTasks() {
        return leader.scheduler()
                .getTasks(GetTasksRequest.newBuilder().setPageSize(10_000).build());
    }

    private static Task task(String id) {
        return Task.newBuilder().setId(id).setPayload("p").build();
    }

    private static ScheduleTasksRequest request(Task... tasks) {
        return ScheduleTasksRequest.newBuilder().addAllTasks(List.of(tasks)).build();
    }
}
