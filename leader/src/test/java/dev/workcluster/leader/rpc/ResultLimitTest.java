package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RawSession;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.StartTask;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The result size limit ({@code --max-result-bytes}), over real gRPC, for a session worker's
 * outcome and the seed's {@code TaskComplete} alike: a result at the limit is stored whole; one
 * over it (counted in UTF-8 bytes) is not stored, not cut, and the run is a failed attempt whose
 * error names the size and the limit. Error texts are cut instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultLimitTest {
    private static final int LIMIT = 100;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OVER = "the result of 101 bytes is over the limit of 100 bytes "
            + "(leader --max-result-bytes) and was not stored";

    private final AtomicInteger ids = new AtomicInteger();
    private LeaderFixture leader;
    private RawSession worker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(dir, c -> c.withMaxResultBytes(LIMIT));
        worker = RawSession.welcomed(leader.channel(), "w1", 1);
    }

    @AfterAll
    void stop() throws Exception {
        worker.cancel();
        leader.close();
    }

    /** What a worker reports (error null: success) and what the task stores. */
    record Report(
            String name, String error, String result, TaskStatus status, String storedResult, String storedError) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Report> reports() {
        String r100 = "r".repeat(LIMIT);
        return Stream.of(
                new Report("a result at the limit", null, r100, TaskStatus.TASK_STATUS_COMPLETED, r100, ""),
                new Report("a result one byte over", null, r100 + "r", TaskStatus.TASK_STATUS_ERROR, "", OVER),
                new Report(
                        "34 characters of three bytes each, counted as 102 bytes",
                        null,
                        "€".repeat(34),
                        TaskStatus.TASK_STATUS_ERROR,
                        "",
                        OVER.replace("101 bytes", "102 bytes")),
                new Report(
                        "an error of 70,000 characters is cut",
                        "e".repeat(70_000),
                        null,
                        TaskStatus.TASK_STATUS_ERROR,
                        "",
                        "e".repeat(Completions.MAX_ERROR_CHARS) + "…[truncated]"));
    }

    /** The seed's TaskComplete may carry an error and a result at once; a session outcome is one or the other. */
    static Stream<Report> seedReports() {
        return Stream.concat(
                reports(),
                Stream.of(new Report(
                        "an error with a result over the limit keeps the error",
                        "boom",
                        "r".repeat(LIMIT + 1),
                        TaskStatus.TASK_STATUS_ERROR,
                        "",
                        "boom; " + OVER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void aSessionOutcome(Report report) {
        String id = schedule();
        StartTask start = worker.awaitStart(id);
        TaskOutcome.Builder outcome = TaskOutcome.newBuilder()
                .setTaskId(id)
                .setAttempt(start.getAttempt())
                .setAssignment(start.getAssignment());
        if (report.error() != null) {
            outcome.setError(report.error());
        } else {
            outcome.setResult(report.result());
        }
        worker.send(SessionRequest.newBuilder().setOutcome(outcome).build());
        await().atMost(WAIT)
                .until(() -> worker.received().stream()
                        .anyMatch(r -> r.hasOutcomeAck()
                                && r.getOutcomeAck().getTaskId().equals(id)));
        assertStored(id, report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedReports")
    void aSeedTaskComplete(Report report) {
        String id = schedule();
        worker.awaitStart(id);
        TaskCompleteRequest.Builder request = TaskCompleteRequest.newBuilder().setId(id);
        if (report.error() != null) {
            request.setError(report.error());
        }
        if (report.result() != null) {
            request.setResult(report.result());
        }
        leader.scheduler().taskComplete(request.build());
        assertStored(id, report);
    }

    /** A task of one attempt; the one-slot worker gets it once the one before ended. */
    private String schedule() {
        String id = "t" + ids.incrementAndGet();
        leader.scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("p").setMaxAttempts(1))
                        .build());
        return id;
    }

    private void assertStored(String id, Report report) {
        await().atMost(WAIT).until(() -> task(id).getStatus() == report.status());
        Task stored = task(id);
        assertThat(stored.getResult()).as("stored result").isEqualTo(report.storedResult());
        assertThat(stored.getError()).as("stored error").isEqualTo(report.storedError());
    }

    private Task task(String id) {
        return leader.scheduler()
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }
}
