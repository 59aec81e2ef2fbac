package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Map;
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
 * Task selectors and worker labels over real gRPC: bad ones are INVALID_ARGUMENT naming the field,
 * the value and the limit, storing nothing; good ones come back in their normal form; a pending task
 * no alive worker matches carries a warning; members show their labels. (Where tasks then run is the
 * state's placement, tested with the state and end to end with worker processes.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectorRpcTest {
    LeaderFixture leader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(dir);
        // A push member that listens nowhere and has no gpu: nothing with a gpu selector can go to it.
        leader.cluster()
                .join(JoinRequest.newBuilder()
                        .setId("cpu-1")
                        .setAddress("127.0.0.1:1")
                        .putLabels("zone", "eu")
                        .putLabels("tier", "batch")
                        .build());
    }

    @AfterAll
    void stop() throws Exception {
        leader.close();
    }

    static Stream<Arguments> badSelectors() {
        return Stream.of(
                Arguments.of("gpu in (a", "task.selector 'gpu in (a' leaves a parenthesis open"),
                Arguments.of("gpu)", "task.selector 'gpu)' closes a parenthesis it did not open"),
                Arguments.of("=x", "is not a requirement: write key=value"),
                Arguments.of("gpu=true,,zone=eu", "task.selector 'gpu=true,,zone=eu' has an empty requirement"),
                Arguments.of("-gpu=true", "task.selector label key '-gpu' must be 1 to 63 letters"),
                Arguments.of("k".repeat(64) + "=v", "must be 1 to 63 letters"),
                Arguments.of("zone=eu/west", "value 'eu/west' of label 'zone' must be up to 63 letters"),
                Arguments.of("zone=eu west", "'zone=eu west' is not a requirement"),
                Arguments.of("zone in (" + "a,".repeat(16) + "b)", "lists 17 values, over the limit of 16"),
                Arguments.of("a,".repeat(16) + "b", "has more than 16 requirements"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSelectors")
    void aBadSelectorIsRefusedNamingTheProblemAndNothingIsStored(String selector, String message) {
        int before = leader.scheduler()
                .getTasks(GetTasksRequest.getDefaultInstance())
                .getTasksCount();

        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> leader.scheduler()
                        .scheduleTask(ScheduleTaskRequest.newBuilder()
                                .setTask(Task.newBuilder()
                                        .setId("bad")
                                        .setPayload("p")
                                        .setSelector(selector))
                                .build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains(message);
        assertThat(leader.scheduler()
                        .getTasks(GetTasksRequest.getDefaultInstance())
                        .getTasksCount())
                .isEqualTo(before);
    }

    @Test
    void aBatchNamesTheTaskWhoseSelectorIsBad() {
        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> leader.scheduler()
                        .scheduleTasks(ScheduleTasksRequest.newBuilder()
                                .addTasks(Task.newBuilder().setId("ok").setPayload("p"))
                                .addTasks(Task.newBuilder()
                                        .setId("bad")
                                        .setPayload("p")
                                        .setSelector("(x"))
                                .build()));

        assertThat(error.getStatus().getDescription()).startsWith("tasks[1].selector");
    }

    @Test
    void badLabelsOfAPushWorkerAreRefusedAndTheMemberIsNotStored() {
        StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> leader.cluster()
                        .join(JoinRequest.newBuilder()
                                .setId("labelled")
                                .setAddress("127.0.0.1:2")
                                .putLabels("zone", "a b")
                                .build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription())
                .isEqualTo("labels value 'a b' of label 'zone' must be up to 63 letters, digits and ._-");
        assertThat(leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList())
                .extracting(Member::getId)
                .doesNotContain("labelled");
    }

    @Test
    void aPendingTaskNoAliveWorkerMatchesSaysSoAndItsSelectorComesBackNormalised() {
        Task scheduled = leader.scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder()
                                .setId("needs-gpu")
                                .setPayload("p")
                                .setSelector(" gpu = true , zone in ( eu , us ) "))
                        .build())
                .getTask();

        assertThat(scheduled.getSelector()).isEqualTo("gpu=true,zone in (eu,us)");
        assertThat(scheduled.getWarning())
                .isEqualTo("no alive worker matches selector 'gpu=true,zone in (eu,us)' (1 worker alive)");
        assertThat(leader.scheduler()
                        .getTask(GetTaskRequest.newBuilder().setId("needs-gpu").build())
                        .getTask()
                        .getWarning())
                .isEqualTo(scheduled.getWarning());
        assertThat(leader.scheduler()
                        .getTasks(GetTasksRequest.getDefaultInstance())
                        .getTasksList())
                .filteredOn(t -> t.getId().equals("needs-gpu"))
                .extracting(Task::getWarning)
                .containsExactly(scheduled.getWarning());
    }

    @Test
    void membersShowTheirLabels() {
        Member cpu = leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                .filter(m -> m.getId().equals("cpu-1"))
                .findFirst()
                .orElseThrow();

        assertThat(cpu.getLabelsMap()).isEqualTo(Map.of("zone", "eu", "tier", "batch"));
    }
}
