package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RawSession;
import dev.workcluster.proto.cluster.v1.Drain;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * Every memory bound a client can run into, over real gRPC against a leader that is at all of
 * them at once: the payload budget is spent, the member cap and the watch cap are reached. Each
 * refusal is RESOURCE_EXHAUSTED, names the limit and its value, and changes no stored state.
 * (Bounds that end a stream rather than refuse a call have their own tests: WatchLimitsTest,
 * SessionFlowControlTest, LeaderForwardingTest.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsTest {
    private static final int PAYLOAD = 1000;
    private static final long BUDGET = 3 * PAYLOAD;
    private static final int MEMBERS = 2;
    private static final Duration WAIT = Duration.ofSeconds(10);

    LeaderFixture leader;
    final List<RawSession> members = new java.util.ArrayList<>();
    Context.CancellableContext openWatch;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(
                dir,
                c -> c.withLimits(new StateLimits(PAYLOAD, 1_000, 1_000, Duration.ofHours(1), 3, 100, BUDGET, MEMBERS))
                        .withMaxWatches(1)
                        .withSessions(new SessionSettings(Duration.ofSeconds(30), 3, 1024)));
        for (String id : List.of("m1", "m2")) {
            members.add(drainingMember(id));
        }
        for (String id : List.of("a", "b", "c")) {
            leader.scheduler().scheduleTask(schedule(id, "x".repeat(PAYLOAD))); // the budget, spent: nobody runs them
        }
        openWatch = Context.current().withCancellation();
        Iterator<WatchTasksResponse> watch = openWatch.call(() -> SchedulerServiceGrpc.newBlockingStub(leader.channel())
                .watchTasks(
                        WatchTasksRequest.newBuilder().setIncludeExisting(true).build()));
        assertThat(watch.hasNext()).as("the one watch allowed is open").isTrue();
    }

    /** Alive, connected and draining: it takes no work, so the tasks stay as they are. */
    RawSession drainingMember(String id) {
        RawSession session = new RawSession(leader.channel());
        session.send(SessionRequest.newBuilder().setHello(hello(id)).build());
        await().atMost(WAIT).until(() -> session.received().stream().anyMatch(r -> r.hasWelcome()));
        session.send(
                SessionRequest.newBuilder().setDrain(Drain.getDefaultInstance()).build());
        await().atMost(WAIT)
                .until(() -> memberList().stream()
                        .anyMatch(m -> m.getId().equals(id) && m.getStatus().contains("draining")));
        return session;
    }

    static Hello hello(String id) {
        return Hello.newBuilder()
                .setWorkerId(id)
                .setSlots(1)
                .setHeartbeatIntervalMs(60_000)
                .build();
    }

    @AfterAll
    void stop() throws Exception {
        openWatch.cancel(null);
        members.forEach(RawSession::cancel);
        leader.close();
    }

    static ScheduleTaskRequest schedule(String id, String payload) {
        return ScheduleTaskRequest.newBuilder()
                .setTask(Task.newBuilder().setId(id).setPayload(payload))
                .build();
    }

    List<Member> memberList() {
        return leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                .map(m -> m.toBuilder().clearLastHeartbeatAt().build())
                .toList();
    }

    record Case(String name, Consumer<LeaderFixture> call, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A session's Hello, as a call: the status the leader ends the stream with. */
    static void helloOf(LeaderFixture leader, String id) {
        RawSession session = new RawSession(leader.channel());
        session.send(SessionRequest.newBuilder().setHello(hello(id)).build());
        Status ended;
        try {
            ended = session.ended().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the session did not end", e);
        }
        throw ended.asRuntimeException();
    }

    static Stream<Arguments> cases() {
        String budgetFull =
                "unfinished tasks already hold 3000 bytes; " + "the limit is 3000 (max-unfinished-payload-bytes)";
        String membersFull = "member limit reached: 2 members are alive; the limit is 2 (max-members)";
        return Stream.of(
                        new Case(
                                "ScheduleTask over the payload budget",
                                l -> l.scheduler().scheduleTask(schedule("d", "x")),
                                "payload budget is full: task 'd' adds 1 bytes of payload, but " + budgetFull),
                        new Case(
                                "ScheduleTasks over the payload budget, all or none",
                                l -> l.scheduler()
                                        .scheduleTasks(ScheduleTasksRequest.newBuilder()
                                                .addTasks(Task.newBuilder()
                                                        .setId("a")
                                                        .setPayload("x".repeat(PAYLOAD)))
                                                .addTasks(Task.newBuilder()
                                                        .setId("e")
                                                        .setPayload("xy"))
                                                .build()),
                                "payload budget is full: the batch adds 2 bytes of payload, but " + budgetFull),
                        new Case(
                                "Join of a new member over the member cap",
                                l -> l.cluster()
                                        .join(JoinRequest.newBuilder()
                                                .setId("m3")
                                                .setAddress("127.0.0.1:1")
                                                .build()),
                                membersFull),
                        new Case(
                                "Session Hello of a new member over the member cap",
                                l -> helloOf(l, "m3"),
                                membersFull),
                        new Case(
                                "WatchTasks over the watch cap",
                                l -> {
                                    boolean opened = SchedulerServiceGrpc.newBlockingStub(l.channel())
                                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                                            .watchTasks(WatchTasksRequest.getDefaultInstance())
                                            .hasNext();
                                },
                                "too many watches open: 1; the limit is 1 (max-watches)"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void overALimitIsRefusedNamingItAndChangesNothing(Case overLimit) {
        GetTasksResponse tasksBefore = leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance());
        List<Member> membersBefore = memberList();

        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class, () -> overLimit.call().accept(leader));

        assertThat(error).as("refused").isNotNull();
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(error.getStatus().getDescription()).isEqualTo(overLimit.message());
        assertThat(leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance()))
                .isEqualTo(tasksBefore);
        assertThat(memberList()).isEqualTo(membersBefore);
    }

    @Test
    void atTheCapsAKnownMemberStillJoinsAgainAndAKnownTaskIsStillAcknowledged() {
        RawSession again = new RawSession(leader.channel());
        again.send(SessionRequest.newBuilder().setHello(hello("m2")).build());
        await().atMost(WAIT).until(() -> again.received().stream().anyMatch(r -> r.hasWelcome()));
        again.send(
                SessionRequest.newBuilder().setDrain(Drain.getDefaultInstance()).build());
        members.add(again);

        Task same = leader.scheduler()
                .scheduleTask(schedule("a", "x".repeat(PAYLOAD)))
                .getTask();

        assertThat(same.getId()).isEqualTo("a");
        assertThat(memberList()).extracting(Member::getId).containsExactly("m1", "m2");
        await().atMost(WAIT)
                .until(() -> memberList().stream().allMatch(m -> m.getStatus().contains("draining")));
    }
}
