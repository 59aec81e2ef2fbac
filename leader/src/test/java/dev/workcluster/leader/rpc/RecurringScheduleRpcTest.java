package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.proto.scheduler.v1.CreateScheduleRequest;
import dev.workcluster.proto.scheduler.v1.DeleteScheduleRequest;
import dev.workcluster.proto.scheduler.v1.GetSchedulesRequest;
import dev.workcluster.proto.scheduler.v1.GetSchedulesResponse;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.OverlapPolicy;
import dev.workcluster.proto.scheduler.v1.PauseScheduleRequest;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import dev.workcluster.proto.scheduler.v1.ResumeScheduleRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recurring schedules over real gRPC against a real leader: each bad input is refused with the right
 * status and a message naming the field and the limit, storing nothing; a good schedule fires tasks
 * named after their fire times; pause, resume, delete and paging behave as documented.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecurringScheduleRpcTest {
    LeaderFixture leader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(dir);
    }

    @AfterAll
    void stop() throws Exception {
        leader.close();
    }

    private static RecurringSchedule.Builder valid(String id) {
        return RecurringSchedule.newBuilder()
                .setId(id)
                .setEvery(Duration.newBuilder().setSeconds(60))
                .setTask(Task.newBuilder().setPayload("report"));
    }

    private RecurringSchedule create(RecurringSchedule.Builder schedule) {
        return leader.scheduler()
                .createSchedule(
                        CreateScheduleRequest.newBuilder().setSchedule(schedule).build())
                .getSchedule();
    }

    record Case(String name, UnaryOperator<RecurringSchedule.Builder> change, Status.Code code, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badSchedules() {
        return Stream.of(
                new Case("empty id", s -> s.setId(""), Status.Code.INVALID_ARGUMENT, "schedule.id must not be empty"),
                new Case(
                        "id over 200 characters",
                        s -> s.setId("x".repeat(201)),
                        Status.Code.INVALID_ARGUMENT,
                        "over the limit of 200"),
                new Case(
                        "id with a space",
                        s -> s.setId("my schedule"),
                        Status.Code.INVALID_ARGUMENT,
                        "may hold only letters, digits"),
                new Case(
                        "neither cron nor every",
                        s -> s.clearEvery(),
                        Status.Code.INVALID_ARGUMENT,
                        "exactly one of cron and every, got neither"),
                new Case(
                        "both cron and every",
                        s -> s.setCron("* * * * *"),
                        Status.Code.INVALID_ARGUMENT,
                        "exactly one of cron and every, got both"),
                new Case(
                        "cron with a bad minute",
                        s -> s.clearEvery().setCron("61 * * * *"),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.cron: '61 * * * *' is not a five-field cron expression"),
                new Case(
                        "cron with six fields",
                        s -> s.clearEvery().setCron("0 * * * * *"),
                        Status.Code.INVALID_ARGUMENT,
                        "five-field"),
                new Case(
                        "cron that never fires",
                        s -> s.clearEvery().setCron("0 0 30 2 *"),
                        Status.Code.INVALID_ARGUMENT,
                        "never fires"),
                new Case(
                        "unknown time zone",
                        s -> s.clearEvery().setCron("0 9 * * *").setTimeZone("Mars/Base"),
                        Status.Code.INVALID_ARGUMENT,
                        "unknown time zone 'Mars/Base'"),
                new Case(
                        "time zone with every",
                        s -> s.setTimeZone("Europe/Paris"),
                        Status.Code.INVALID_ARGUMENT,
                        "time_zone applies to cron only"),
                new Case(
                        "every under a second",
                        s -> s.setEvery(Duration.newBuilder().setNanos(500_000_000)),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.every 500ms is outside 1s to 366 days"),
                new Case(
                        "every over 366 days",
                        s -> s.setEvery(Duration.newBuilder().setSeconds(367L * 86_400)),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.every 367 days is outside 1s to 366 days"),
                new Case(
                        "every at the largest Duration a client can send",
                        s -> s.setEvery(Duration.newBuilder().setSeconds(315_576_000_000L)),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.every 3652500 days is outside 1s to 366 days"),
                new Case(
                        "negative every",
                        s -> s.setEvery(Duration.newBuilder().setSeconds(-5)),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.every -5s is outside 1s to 366 days"),
                new Case(
                        "no task",
                        RecurringSchedule.Builder::clearTask,
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.task is required"),
                new Case(
                        "task with an id",
                        s -> s.setTask(Task.newBuilder().setId("t").setPayload("p")),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.task.id must be empty"),
                new Case(
                        "task with a delay",
                        s -> s.setTask(Task.newBuilder()
                                .setPayload("p")
                                .setDelay(Duration.newBuilder().setSeconds(5))),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.task.run_at and schedule.task.delay must be empty"),
                new Case(
                        "task without payload",
                        s -> s.setTask(Task.newBuilder()),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.task.payload of task"),
                new Case(
                        "task priority out of range",
                        s -> s.setTask(Task.newBuilder().setPayload("p").setPriorityValue(9)),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.task.priority 9"),
                new Case(
                        "unknown overlap policy",
                        s -> s.setOverlapValue(7),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.overlap 7 is not an OverlapPolicy"),
                new Case(
                        "catch-up over 100",
                        s -> s.setMaxCatchUp(101),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.max_catch_up 101 is over the limit of 100"),
                new Case(
                        "catch-up at the uint32 maximum",
                        s -> s.setMaxCatchUp(-1),
                        Status.Code.INVALID_ARGUMENT,
                        "schedule.max_catch_up 4294967295 is over the limit of 100"));
    }

    @ParameterizedTest
    @MethodSource("badSchedules")
    void aBadScheduleIsRefusedNamingTheProblemAndNothingIsStored(Case bad) {
        GetSchedulesResponse before = leader.scheduler().getSchedules(GetSchedulesRequest.getDefaultInstance());

        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class, () -> create(bad.change().apply(valid("bad-input"))));

        assertThat(error).as(bad.name()).isNotNull();
        assertThat(error.getStatus().getCode()).isEqualTo(bad.code());
        assertThat(error.getStatus().getDescription()).contains(bad.message());
        assertThat(leader.scheduler().getSchedules(GetSchedulesRequest.getDefaultInstance()))
                .isEqualTo(before);
    }

    @Test
    void callsAboutASchedulesThatDoesNotExistAreNotFoundAndBadIdsInvalid() {
        for (Runnable call : List.<Runnable>of(
                () -> leader.scheduler()
                        .pauseSchedule(
                                PauseScheduleRequest.newBuilder().setId("ghost").build()),
                () -> leader.scheduler()
                        .resumeSchedule(ResumeScheduleRequest.newBuilder()
                                .setId("ghost")
                                .build()),
                () -> leader.scheduler()
                        .deleteSchedule(DeleteScheduleRequest.newBuilder()
                                .setId("ghost")
                                .build()),
                () -> leader.scheduler()
                        .getSchedules(
                                GetSchedulesRequest.newBuilder().setId("ghost").build()))) {
            StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, call::run);
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(error.getStatus().getDescription()).isEqualTo("schedule 'ghost' not found");
        }
        StatusRuntimeException badId = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> leader.scheduler()
                        .pauseSchedule(
                                PauseScheduleRequest.newBuilder().setId("a/b").build()));
        assertThat(badId.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        StatusRuntimeException bigPage = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> leader.scheduler()
                        .getSchedules(
                                GetSchedulesRequest.newBuilder().setLimit(1_001).build()));
        assertThat(bigPage.getStatus().getDescription()).isEqualTo("limit 1001 is over the limit of 1000");
        StatusRuntimeException hugePage = catchThrowableOfType( // a uint32 Java reads as negative
                StatusRuntimeException.class,
                () -> leader.scheduler()
                        .getSchedules(
                                GetSchedulesRequest.newBuilder().setLimit(-1).build()));
        assertThat(hugePage.getStatus().getDescription()).isEqualTo("limit 4294967295 is over the limit of 1000");
    }

    @Test
    void anotherDefinitionUnderAnExistingIdIsAlreadyExistsAndTheSameOneIsReturned() {
        RecurringSchedule first = create(valid("twice"));

        assertThat(create(valid("twice"))).isEqualTo(first);
        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class, () -> create(valid("twice").setMaxCatchUp(5)));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(error.getStatus().getDescription()).contains("exists with another definition");
    }

    @Test
    void aScheduleFiresTasksNamedAfterTheirFireTimesUntilPausedAndFromTheNextFireTimeOnceResumed() {
        RecurringSchedule created = create(valid("every-second")
                .setEvery(Duration.newBuilder().setSeconds(1))
                .setOverlap(OverlapPolicy.OVERLAP_POLICY_ALLOW));
        assertThat(created.getOverlap()).isEqualTo(OverlapPolicy.OVERLAP_POLICY_ALLOW);
        assertThat(created.getMaxCatchUp()).isEqualTo(1);
        long firstFire = millis(created.getNextFireAt());

        await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> get("every-second").getFired() >= 2);
        RecurringSchedule firing = get("every-second");
        String expectedFirst = "every-second@" + Instant.ofEpochMilli(firstFire);
        assertThat(leader.scheduler()
                        .getTask(
                                GetTaskRequest.newBuilder().setId(expectedFirst).build())
                        .getTask()
                        .getPayload())
                .isEqualTo("report");
        assertThat(firing.getLastTaskId()).startsWith("every-second@");

        RecurringSchedule paused = leader.scheduler()
                .pauseSchedule(
                        PauseScheduleRequest.newBuilder().setId("every-second").build())
                .getSchedule();
        assertThat(paused.getPaused()).isTrue();
        assertThat(paused.hasNextFireAt()).isFalse();
        long firedWhilePaused = get("every-second").getFired();

        RecurringSchedule resumed = leader.scheduler()
                .resumeSchedule(
                        ResumeScheduleRequest.newBuilder().setId("every-second").build())
                .getSchedule();
        assertThat(resumed.getPaused()).isFalse();
        assertThat(millis(resumed.getNextFireAt())).isGreaterThan(millis(paused.getLastFiredAt()));
        await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> get("every-second").getFired() > firedWhilePaused);

        leader.scheduler()
                .deleteSchedule(
                        DeleteScheduleRequest.newBuilder().setId("every-second").build());
        assertThat(leader.scheduler()
                        .getTasks(GetTasksRequest.getDefaultInstance())
                        .getTasksList())
                .anyMatch(t -> t.getId().equals(expectedFirst));
    }

    @Test
    void listingPagesInIdOrder() {
        for (int i = 0; i < 5; i++) {
            create(valid("page-" + i));
        }
        GetSchedulesResponse first = leader.scheduler()
                .getSchedules(GetSchedulesRequest.newBuilder()
                        .setAfterId("page-")
                        .setLimit(3)
                        .build());
        assertThat(first.getSchedulesList())
                .extracting(RecurringSchedule::getId)
                .containsExactly("page-0", "page-1", "page-2");
        GetSchedulesResponse second = leader.scheduler()
                .getSchedules(GetSchedulesRequest.newBuilder()
                        .setAfterId(first.getNextAfterId())
                        .setLimit(3)
                        .build());
        assertThat(second.getSchedulesList())
                .extracting(RecurringSchedule::getId)
                .startsWith("page-3", "page-4");
    }

    private RecurringSchedule get(String id) {
        return leader.scheduler()
                .getSchedules(GetSchedulesRequest.newBuilder().setId(id).build())
                .getSchedules(0);
    }

    private static long millis(Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }
}
