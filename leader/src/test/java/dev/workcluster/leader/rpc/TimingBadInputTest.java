package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.TimingBadInputTest.DurationField.DELAY;
import static dev.workcluster.leader.rpc.TimingBadInputTest.DurationField.HEARTBEAT_TIMEOUT;
import static dev.workcluster.leader.rpc.TimingBadInputTest.DurationField.SCHEDULE_TO_START;
import static dev.workcluster.leader.rpc.TimingBadInputTest.DurationField.START_TO_CLOSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
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
 * The timing fields of a scheduled task (run_at, delay, start_to_close, schedule_to_start, heartbeat_timeout),
 * each field's bad values over real gRPC: INVALID_ARGUMENT with a message naming the field and the limit, and
 * nothing stored. Also what the edge makes of good values: a delay becomes a run_at from the leader's clock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimingBadInputTest {
    private static final long DAY_SECONDS = 86_400;

    LeaderFixture leader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(dir, UnaryOperator.identity());
    }

    @AfterAll
    void stop() throws Exception {
        leader.close();
    }

    record Case(String name, UnaryOperator<Task.Builder> task, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The Duration fields of a task; a case sets one of them to a value of seconds and nanos. */
    enum DurationField {
        START_TO_CLOSE("start_to_close", Task.Builder::setStartToClose),
        SCHEDULE_TO_START("schedule_to_start", Task.Builder::setScheduleToStart),
        HEARTBEAT_TIMEOUT("heartbeat_timeout", Task.Builder::setHeartbeatTimeout),
        DELAY("delay", Task.Builder::setDelay);

        private final String field;
        private final BiFunction<Task.Builder, Duration, Task.Builder> setter;

        DurationField(String field, BiFunction<Task.Builder, Duration, Task.Builder> setter) {
            this.field = field;
            this.setter = setter;
        }

        /** The case named "{@code field what}": this field set to {@code seconds} and {@code nanos}. */
        Case set(String what, long seconds, int nanos, String messagePart) {
            return new Case(field + " " + what, t -> setter.apply(t, seconds(seconds, nanos)), messagePart);
        }
    }

    static Duration seconds(long seconds, int nanos) {
        return Duration.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    static Timestamp secondsFromNow(long seconds) {
        return Timestamp.newBuilder()
                .setSeconds(System.currentTimeMillis() / 1000 + seconds)
                .build();
    }

    static Stream<Case> fieldCases() {
        String atLeast = "it must be at least 1ms";
        return Stream.of(
                START_TO_CLOSE.set("zero", 0, 0, "task.start_to_close of task 't' is 0s: " + atLeast),
                START_TO_CLOSE.set("negative", -5, 0, "start_to_close of task 't' is -5s: " + atLeast),
                START_TO_CLOSE.set(
                        "under a millisecond", 0, 500_000, "start_to_close of task 't' is 0s 500000ns: " + atLeast),
                START_TO_CLOSE.set(
                        "over 30 days",
                        30 * DAY_SECONDS,
                        1_000_000,
                        "start_to_close of task 't' is 2592000s 1000000ns, over the limit of 30 days"),
                START_TO_CLOSE.set(
                        "of seconds and nanos of other signs",
                        5,
                        -1,
                        "start_to_close of task 't' is not a valid Duration (seconds 5, nanos -1)"),
                START_TO_CLOSE.set("of nanos past a second", 0, 1_000_000_000, "not a valid Duration"),
                START_TO_CLOSE.set("of the most seconds", Long.MAX_VALUE, 0, "over the limit of 30 days"),
                SCHEDULE_TO_START.set("zero", 0, 0, "task.schedule_to_start of task 't' is 0s: " + atLeast),
                SCHEDULE_TO_START.set(
                        "over 30 days",
                        31 * DAY_SECONDS,
                        0,
                        "task.schedule_to_start of task 't' is 2678400s, over the limit of 30 days"),
                HEARTBEAT_TIMEOUT.set(
                        "negative", 0, -1_000_000, "task.heartbeat_timeout of task 't' is 0s -1000000ns: " + atLeast),
                HEARTBEAT_TIMEOUT.set(
                        "over 30 days",
                        40 * DAY_SECONDS,
                        0,
                        "task.heartbeat_timeout of task 't' is 3456000s, over the limit of 30 days"),
                DELAY.set("zero", 0, 0, "task.delay of task 't' is 0s: " + atLeast),
                DELAY.set("negative", -60, 0, "task.delay of task 't' is -60s: " + atLeast),
                DELAY.set(
                        "over a year",
                        366 * DAY_SECONDS,
                        0,
                        "task.delay of task 't' is 31622400s, over the limit of 365 days"),
                new Case(
                        "run_at ten minutes ago",
                        t -> t.setRunAt(secondsFromNow(-600)),
                        "task.run_at of task 't' is more than 5 minutes in the past (the tolerance)"),
                new Case(
                        "run_at at the epoch",
                        t -> t.setRunAt(Timestamp.getDefaultInstance()),
                        "task.run_at of task 't' is more than 5 minutes in the past"),
                new Case(
                        "run_at at the least seconds",
                        t -> t.setRunAt(Timestamp.newBuilder().setSeconds(Long.MIN_VALUE)),
                        "more than 5 minutes in the past"),
                new Case(
                        "run_at two years ahead",
                        t -> t.setRunAt(secondsFromNow(2 * 365 * DAY_SECONDS)),
                        "task.run_at of task 't' is more than 365 days ahead (the limit)"),
                new Case(
                        "run_at at the most seconds",
                        t -> t.setRunAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)),
                        "more than 365 days ahead"),
                new Case(
                        "run_at of negative nanos",
                        t -> t.setRunAt(secondsFromNow(60).toBuilder().setNanos(-1)),
                        "task.run_at of task 't' is not a valid Timestamp (nanos -1)"),
                new Case(
                        "run_at and delay both",
                        t -> t.setRunAt(secondsFromNow(60)).setDelay(seconds(60, 0)),
                        "task.run_at and task.delay of task 't' are both set: give one of them"));
    }

    static Stream<Arguments> cases() {
        return fieldCases().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadTimingFieldIsRefusedNamingTheFieldAndTheLimitAndStoresNothing(Case bad) {
        GetTasksResponse before = leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance());
        Task task =
                bad.task().apply(Task.newBuilder().setId("t").setPayload("p")).build();

        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> leader.scheduler()
                        .scheduleTask(
                                ScheduleTaskRequest.newBuilder().setTask(task).build()));

        assertThat(error).as("refused").isNotNull();
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains(bad.messagePart());
        assertThat(leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance()))
                .isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}, in a batch")
    @MethodSource("cases")
    void inABatchTheBadTaskIsNamedByItsPlaceAndNoneIsStored(Case bad) {
        GetTasksResponse before = leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance());
        Task good = Task.newBuilder().setId("good").setPayload("p").build();
        Task task =
                bad.task().apply(Task.newBuilder().setId("t").setPayload("p")).build();

        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> leader.scheduler()
                        .scheduleTasks(ScheduleTasksRequest.newBuilder()
                                .addTasks(good)
                                .addTasks(task)
                                .build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription())
                .contains(bad.messagePart().replace("task.", "tasks[1]."));
        assertThat(leader.scheduler().getTasks(GetTasksRequest.getDefaultInstance()))
                .isEqualTo(before);
    }

    @Test
    void aDelayBecomesARunAtFromTheLeadersClockAndTheTaskWaitsScheduled() {
        long before = System.currentTimeMillis();
        Task stored = leader.scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder()
                                .setId("delayed-by-an-hour")
                                .setPayload("p")
                                .setDelay(seconds(3_600, 0))
                                .setStartToClose(seconds(2, 500_000_000))
                                .setHeartbeatTimeout(seconds(1, 0)))
                        .build())
                .getTask();
        long after = System.currentTimeMillis();

        assertThat(stored.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_SCHEDULED);
        assertThat(stored.hasDelay()).as("delay is never returned").isFalse();
        long runAt = stored.getRunAt().getSeconds() * 1000 + stored.getRunAt().getNanos() / 1_000_000;
        assertThat(runAt).isBetween(before + 3_600_000, after + 3_600_000);
        assertThat(stored.getStartToClose()).isEqualTo(seconds(2, 500_000_000));
        assertThat(stored.getHeartbeatTimeout()).isEqualTo(seconds(1, 0));
        assertThat(stored.hasScheduleToStart()).isFalse();
        assertThat(leader.scheduler()
                        .getTasks(GetTasksRequest.newBuilder()
                                .setStatus(TaskStatus.TASK_STATUS_SCHEDULED)
                                .build())
                        .getTasksList())
                .extracting(Task::getId)
                .contains("delayed-by-an-hour");
    }

    @Test
    void aRunAtWithinTheToleranceRunsAtOnce() {
        Task stored = leader.scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder()
                                .setId("a-minute-late")
                                .setPayload("p")
                                .setRunAt(secondsFromNow(-60)))
                        .build())
                .getTask();

        assertThat(stored.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_PENDING);
    }

    @Test
    void scheduledTasksCountAgainstTheQueueLimit(@TempDir Path dir) throws Exception {
        try (LeaderFixture small = LeaderFixture.start(
                dir, c -> c.withLimits(new StateLimits(1024, 1, 10, java.time.Duration.ofHours(1), 3, 10)))) {
            small.scheduler()
                    .scheduleTask(ScheduleTaskRequest.newBuilder()
                            .setTask(Task.newBuilder()
                                    .setId("later")
                                    .setPayload("p")
                                    .setDelay(seconds(600, 0)))
                            .build());

            StatusRuntimeException error = catchThrowableOfType(
                    StatusRuntimeException.class,
                    () -> small.scheduler()
                            .scheduleTask(ScheduleTaskRequest.newBuilder()
                                    .setTask(Task.newBuilder().setId("now").setPayload("p"))
                                    .build()));

            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(error.getStatus().getDescription()).isEqualTo("queue is full: 1 tasks pending or scheduled");
        }
    }
}
