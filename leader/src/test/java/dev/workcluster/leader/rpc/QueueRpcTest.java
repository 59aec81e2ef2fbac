package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetQueuesRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.Queue;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.SetQueueRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
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
 * Named queues over real gRPC: SetQueue and GetQueues, a task's queue, a worker's subscriptions.
 * Bad input is INVALID_ARGUMENT (NOT_FOUND for a queue that does not exist) naming the field and
 * the limit, and stores nothing. (How queues share slots is the state's placement, tested with
 * the state and end to end with worker processes.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueRpcTest {
    LeaderFixture leader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(dir);
        // A push member that listens nowhere and takes only "reports": no task of another queue goes to it.
        leader.cluster()
                .join(JoinRequest.newBuilder()
                        .setId("reports-box")
                        .setAddress("127.0.0.1:1")
                        .addQueues("reports")
                        .addQueues("reports")
                        .build());
    }

    @AfterAll
    void stop() throws Exception {
        leader.close();
    }

    private static Queue.Builder queue(String name, int weight, int maxRunning) {
        return Queue.newBuilder().setName(name).setWeight(weight).setMaxRunning(maxRunning);
    }

    private Queue set(Queue.Builder queue) {
        return leader.scheduler()
                .setQueue(SetQueueRequest.newBuilder().setQueue(queue).build())
                .getQueue();
    }

    private List<Queue> queues() {
        return leader.scheduler()
                .getQueues(GetQueuesRequest.getDefaultInstance())
                .getQueuesList();
    }

    private Task schedule(String id, String queue) {
        return leader.scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("p").setQueue(queue))
                        .build())
                .getTask();
    }

    Stream<Arguments> badInput() {
        String tooLong = "q".repeat(64);
        List<String> tooMany =
                java.util.stream.IntStream.range(0, 33).mapToObj(i -> "q" + i).toList();
        return Stream.of(
                Arguments.of(
                        "SetQueue without a queue",
                        call(() -> set(Queue.newBuilder().clear())),
                        Status.Code.INVALID_ARGUMENT,
                        "queue.name: queue name must not be empty"),
                Arguments.of(
                        "SetQueue message absent",
                        call(() -> leader.scheduler().setQueue(SetQueueRequest.getDefaultInstance())),
                        Status.Code.INVALID_ARGUMENT,
                        "queue is required"),
                Arguments.of(
                        "a name with a space",
                        call(() -> set(queue("a b", 1, 0))),
                        Status.Code.INVALID_ARGUMENT,
                        "queue.name: queue name 'a b' may hold only letters, digits and . _ -"),
                Arguments.of(
                        "a name too long",
                        call(() -> set(queue(tooLong, 1, 0))),
                        Status.Code.INVALID_ARGUMENT,
                        "queue.name: queue name is 64 characters, over the limit of 63"),
                Arguments.of(
                        "weight over the limit",
                        call(() -> set(queue("q", 1_001, 0))),
                        Status.Code.INVALID_ARGUMENT,
                        "queue: weight of queue 'q' is 1001, outside 1..1000"),
                Arguments.of(
                        "the largest uint32 weight",
                        call(() -> set(queue("q", -1, 0))),
                        Status.Code.INVALID_ARGUMENT,
                        "queue: weight of queue 'q' is 4294967295, outside 1..1000"),
                Arguments.of(
                        "max_running over the limit",
                        call(() -> set(queue("q", 1, 1_000_001))),
                        Status.Code.INVALID_ARGUMENT,
                        "queue: max_running of queue 'q' is 1000001, outside 0..1000000 (0 = no limit)"),
                Arguments.of(
                        "GetQueues of a bad name",
                        call(() -> leader.scheduler()
                                .getQueues(GetQueuesRequest.newBuilder()
                                        .setName("a/b")
                                        .build())),
                        Status.Code.INVALID_ARGUMENT,
                        "name: queue name 'a/b' may hold only letters, digits and . _ -"),
                Arguments.of(
                        "GetQueues of a queue that does not exist",
                        call(() -> leader.scheduler()
                                .getQueues(GetQueuesRequest.newBuilder()
                                        .setName("nowhere")
                                        .build())),
                        Status.Code.NOT_FOUND,
                        "queue 'nowhere' not found: it is not configured and holds no unfinished task"),
                Arguments.of(
                        "a task in a bad queue",
                        call(() -> schedule("bad-queue", "sp ace")),
                        Status.Code.INVALID_ARGUMENT,
                        "task.queue: queue name 'sp ace' may hold only letters, digits and . _ -"),
                Arguments.of(
                        "a batch names the task whose queue is bad",
                        call(() -> leader.scheduler()
                                .scheduleTasks(ScheduleTasksRequest.newBuilder()
                                        .addTasks(
                                                Task.newBuilder().setId("fine").setPayload("p"))
                                        .addTasks(Task.newBuilder()
                                                .setId("bad")
                                                .setPayload("p")
                                                .setQueue(tooLong))
                                        .build())),
                        Status.Code.INVALID_ARGUMENT,
                        "tasks[1].queue: queue name is 64 characters, over the limit of 63"),
                Arguments.of(
                        "a worker subscribing to too many queues",
                        call(() -> leader.cluster()
                                .join(JoinRequest.newBuilder()
                                        .setId("greedy")
                                        .setAddress("127.0.0.1:2")
                                        .addAllQueues(tooMany)
                                        .build())),
                        Status.Code.INVALID_ARGUMENT,
                        "queues names 33 queues, over the limit of 32"),
                Arguments.of(
                        "a worker subscribing to a bad name",
                        call(() -> leader.cluster()
                                .join(JoinRequest.newBuilder()
                                        .setId("greedy")
                                        .setAddress("127.0.0.1:2")
                                        .addQueues("ok")
                                        .addQueues("")
                                        .build())),
                        Status.Code.INVALID_ARGUMENT,
                        "queues[1]: queue name must not be empty"));
    }

    private static Runnable call(Supplier<?> call) {
        return () -> {
            var unused = call.get();
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsRefusedNamingTheProblemAndNothingIsStored(
            String name, Runnable call, Status.Code code, String message) {
        List<Queue> queuesBefore = queues();
        List<Member> membersBefore =
                leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList();

        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, call::run);

        assertThat(error.getStatus().getCode()).isEqualTo(code);
        assertThat(error.getStatus().getDescription()).isEqualTo(message);
        assertThat(queues()).isEqualTo(queuesBefore);
        assertThat(leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList())
                .extracting(Member::getId)
                .isEqualTo(membersBefore.stream().map(Member::getId).toList());
    }

    @Test
    void aQueuesSettingsAndCountsComeBackAndATaskNoWorkerTakesSaysSo() {
        Queue stored = set(queue("mail", 3, 2));
        assertThat(stored).isEqualTo(queue("mail", 3, 2).build());

        Task first = schedule("mail-1", "mail");
        schedule("mail-2", "mail");

        assertThat(first.getQueue()).isEqualTo("mail");
        assertThat(first.getWarning()).isEqualTo("no alive worker takes queue 'mail' (1 worker alive)");
        assertThat(leader.scheduler()
                        .getQueues(GetQueuesRequest.newBuilder().setName("mail").build())
                        .getQueuesList())
                .containsExactly(queue("mail", 3, 2).setPending(2).build());

        leader.scheduler()
                .cancelTask(CancelTaskRequest.newBuilder().setId("mail-1").build());
        leader.scheduler()
                .cancelTask(CancelTaskRequest.newBuilder().setId("mail-2").build());
        assertThat(set(queue("mail", 0, 0)))
                .as("weight 0 means 1: back to the defaults, so the settings are forgotten")
                .isEqualTo(queue("mail", 1, 0).build());
        assertThat(queues()).extracting(Queue::getName).doesNotContain("mail");
    }

    @Test
    void aTaskWithoutAQueueIsInTheDefaultQueue() {
        Task task = schedule("plain", "");

        assertThat(task.getQueue()).isEqualTo("default");
        assertThat(leader.scheduler()
                        .getTask(GetTaskRequest.newBuilder().setId("plain").build())
                        .getTask()
                        .getQueue())
                .isEqualTo("default");
    }

    @Test
    void membersShowTheQueuesTheyTakeWithoutRepeats() {
        Member member = leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                .filter(m -> m.getId().equals("reports-box"))
                .findFirst()
                .orElseThrow();

        assertThat(member.getQueuesList()).containsExactly("reports");
    }
}
