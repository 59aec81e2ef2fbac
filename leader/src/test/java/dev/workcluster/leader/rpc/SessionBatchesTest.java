package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RawSession;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.StartTask;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.proto.cluster.v1.TaskOutcomes;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several items per session message, negotiated in the Hello: a worker that asks gets its
 * starts together and may report outcomes together; one that does not (older library
 * versions) gets one per message, as before.
 */
class SessionBatchesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int SLOTS = 8;

    @TempDir
    Path dir;

    LeaderFixture leader;

    @BeforeEach
    void start() throws Exception {
        leader = LeaderFixture.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        leader.close();
    }

    @Test
    void aWorkerThatAsksGetsStartsTogetherAndReportsOutcomesTogether() {
        RawSession session = hello("w1", true);
        assertThat(session.received().get(0).getWelcome().getBatches()).isTrue();
        schedule(SLOTS);

        List<StartTask> starts = awaitStarts(session, SLOTS);
        assertThat(session.received().stream()
                        .filter(SessionResponse::hasStarts)
                        .count())
                .as("8 tasks admitted in one entry start in one message")
                .isEqualTo(1);
        TaskOutcomes.Builder outcomes = TaskOutcomes.newBuilder();
        starts.forEach(s -> outcomes.addOutcomes(TaskOutcome.newBuilder()
                .setTaskId(s.getTaskId())
                .setAttempt(s.getAttempt())
                .setAssignment(s.getAssignment())
                .setResult("done " + s.getTaskId())));
        session.send(SessionRequest.newBuilder().setOutcomes(outcomes).build());

        await().atMost(WAIT).until(() -> session.received().stream().anyMatch(SessionResponse::hasOutcomeAcks));
        List<TaskAttempt> acks = session.received().stream()
                .filter(SessionResponse::hasOutcomeAcks)
                .findFirst()
                .orElseThrow()
                .getOutcomeAcks()
                .getOutcomesList();
        assertThat(acks)
                .extracting(TaskAttempt::getTaskId)
                .containsExactlyElementsOf(
                        starts.stream().map(StartTask::getTaskId).toList());
        for (StartTask s : starts) {
            Task task = task(s.getTaskId());
            assertThat(task.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
            assertThat(task.getResult()).isEqualTo("done " + s.getTaskId());
        }
    }

    @Test
    void aWorkerThatDoesNotAskGetsOneStartPerMessage() {
        RawSession session = hello("w1", false);
        assertThat(session.received().get(0).getWelcome().getBatches()).isFalse();
        schedule(SLOTS);

        await().atMost(WAIT)
                .until(() -> session.received().stream()
                                .filter(SessionResponse::hasStart)
                                .count()
                        == SLOTS);
        assertThat(session.received()).noneMatch(SessionResponse::hasStarts);
    }

    @Test
    void anOutcomeForARunThatIsNotTheCurrentOneIsAcknowledgedAndChangesNothing() {
        RawSession session = hello("w1", true);
        schedule(2);
        List<StartTask> starts = awaitStarts(session, 2);
        StartTask done = starts.get(0);
        session.send(SessionRequest.newBuilder()
                .setOutcomes(TaskOutcomes.newBuilder()
                        .addOutcomes(TaskOutcome.newBuilder()
                                .setTaskId(done.getTaskId())
                                .setAttempt(done.getAttempt())
                                .setAssignment(done.getAssignment())
                                .setResult("ok"))
                        .addOutcomes(TaskOutcome.newBuilder()
                                .setTaskId(starts.get(1).getTaskId())
                                .setAttempt(1)
                                .setAssignment(starts.get(1).getAssignment() + 5)
                                .setResult("stale")))
                .build());

        await().atMost(WAIT).until(() -> session.received().stream().anyMatch(SessionResponse::hasOutcomeAcks));
        assertThat(task(done.getTaskId()).getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
        assertThat(task(starts.get(1).getTaskId()).getStatus()).isEqualTo(TaskStatus.TASK_STATUS_RUNNING);
    }

    private RawSession hello(String id, boolean batches) {
        return RawSession.welcomed(
                leader.channel(),
                Hello.newBuilder()
                        .setWorkerId(id)
                        .setSlots(SLOTS)
                        .setHeartbeatIntervalMs(10_000)
                        .setBatches(batches)
                        .build());
    }

    private void schedule(int count) {
        leader.scheduler()
                .scheduleTasks(ScheduleTasksRequest.newBuilder()
                        .addAllTasks(IntStream.range(0, count)
                                .mapToObj(i -> Task.newBuilder()
                                        .setId("t" + i)
                                        .setPayload("p")
                                        .build())
                                .toList())
                        .build());
    }

    private static List<StartTask> awaitStarts(RawSession session, int count) {
        await().atMost(WAIT).until(() -> starts(session).size() >= count);
        return starts(session);
    }

    private static List<StartTask> starts(RawSession session) {
        return session.received().stream()
                .flatMap(m -> m.hasStart() ? List.of(m.getStart()).stream() : m.getStarts().getTasksList().stream())
                .toList();
    }

    private Task task(String id) {
        return leader.scheduler()
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }
}
