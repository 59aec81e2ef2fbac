package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Timeouts and delayed tasks end to end: the client library submits, a real leader keeps the time, a library
 * worker runs the handlers. The handler's payload says how it behaves: {@code hang} runs until it is stopped,
 * {@code beat MILLIS} works that long calling {@code heartbeat()} as it goes, {@code quiet MILLIS} works that long
 * without, anything else returns at once.
 */
class TimeoutsAndDelaysTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Runs whose handler saw its stop, by task id. */
    private static final Map<String, Integer> stopsSeen = new ConcurrentHashMap<>();

    @RegisterExtension
    static final LeaderWithClient fixture = new LeaderWithClient("timeouts");

    @BeforeAll
    static void startWorkers() throws Exception {
        fixture.cluster()
                .startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(4), TimeoutsAndDelaysTest::handle);
    }

    static String handle(TaskContext context) throws InterruptedException {
        String[] words = context.payload().split(" ");
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(words.length > 1 ? Long.parseLong(words[1]) : 0);
        try {
            while (words[0].equals("hang") || System.nanoTime() < until) {
                if (words[0].equals("beat")) {
                    context.heartbeat();
                }
                context.throwIfCancelled();
                Thread.sleep(20); // the work itself: it takes time
            }
        } catch (InterruptedException | RuntimeException stopped) {
            stopsSeen.merge(context.taskId(), 1, Integer::sum);
            throw stopped;
        }
        return "did " + context.payload();
    }

    private static TaskResult result(String id) throws Exception {
        return fixture.client().awaitResult(id, WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aRunThatTakesTooLongIsStoppedOnItsWorkerRetriedAndThenEndsInError() throws Exception {
        fixture.client()
                .schedule(TaskSpec.of("hang")
                        .withId("too-long")
                        .withMaxAttempts(2)
                        .withStartToClose(Duration.ofMillis(300)));

        TaskResult result = result("too-long");

        assertThat(result.state()).isEqualTo(TaskState.ERROR);
        assertThat(result.error()).isEqualTo("timed out after 300ms (attempt 2 of 2)");
        await().atMost(WAIT).until(() -> stopsSeen.getOrDefault("too-long", 0) == 2);
        TaskInfo task = fixture.client().get("too-long");
        assertThat(task.startToClose()).isEqualTo(Duration.ofMillis(300));
        assertThat(Duration.between(task.startedAt(), task.finishedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void progressKeepsALongRunAliveWhileASilentOneTimesOut() throws Exception {
        Duration timeout = Duration.ofMillis(400);
        fixture.client()
                .schedule(TaskSpec.of("beat 2000")
                        .withId("beating")
                        .withMaxAttempts(1)
                        .withHeartbeatTimeout(timeout));
        fixture.client()
                .schedule(TaskSpec.of("quiet 2000")
                        .withId("silent")
                        .withMaxAttempts(1)
                        .withHeartbeatTimeout(timeout));

        TaskResult beating = result("beating");
        TaskResult silent = result("silent");

        assertThat(beating.state())
                .as("five heartbeat timeouts long, with progress")
                .isEqualTo(TaskState.COMPLETED);
        assertThat(beating.result()).isEqualTo("did beat 2000");
        assertThat(silent.state()).isEqualTo(TaskState.ERROR);
        assertThat(silent.error()).isEqualTo("timed out after 400ms without a heartbeat (attempt 1 of 1)");
        await().atMost(WAIT).until(() -> stopsSeen.getOrDefault("silent", 0) == 1);
    }

    @Test
    void aDelayedTaskStaysScheduledThenRunsAfterItsTime() throws Exception {
        TaskInfo stored =
                fixture.client().schedule(TaskSpec.of("later").withId("delayed").withDelay(Duration.ofSeconds(1)));

        assertThat(stored.state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(stored.runAt()).isAfter(stored.createdAt());
        assertThat(fixture.client().list(TaskState.SCHEDULED, "", 100).tasks())
                .extracting(TaskInfo::id)
                .contains("delayed");

        TaskResult result = result("delayed");

        assertThat(result.state()).isEqualTo(TaskState.COMPLETED);
        TaskInfo ran = fixture.client().get("delayed");
        assertThat(ran.startedAt()).isAfterOrEqualTo(stored.runAt());
    }

    @Test
    void aTaskRunAtAnInstantWaitsForIt() throws Exception {
        Instant at = Instant.now().plusMillis(800);

        TaskInfo stored =
                fixture.client().schedule(TaskSpec.of("at").withId("at-instant").withRunAt(at));

        assertThat(stored.state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(stored.runAt()).isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(result("at-instant").state()).isEqualTo(TaskState.COMPLETED);
        assertThat(fixture.client().get("at-instant").startedAt()).isAfterOrEqualTo(stored.runAt());
    }

    @Test
    void aScheduledTaskCanBeCancelledAndNeverRuns() throws Exception {
        fixture.client()
                .schedule(
                        TaskSpec.of("never").withId("cancelled-while-scheduled").withDelay(Duration.ofMinutes(10)));

        TaskInfo cancelled = fixture.client().cancel("cancelled-while-scheduled");

        assertThat(cancelled.state()).isEqualTo(TaskState.CANCELLED);
        assertThat(cancelled.startedAt()).isNull();
        assertThat(result("cancelled-while-scheduled").state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void aTaskNoWorkerStartsInTimeEndsInError() throws Exception {
        try (EmbeddedCluster empty = EmbeddedCluster.start("no-workers", config -> config);
                WorkClient alone = WorkClient.connect(ClientOptions.of(empty.address()))) {
            alone.schedule(TaskSpec.of("orphan").withId("orphan").withScheduleToStart(Duration.ofMillis(300)));

            TaskResult result = alone.awaitResult("orphan", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(result.state()).isEqualTo(TaskState.ERROR);
            assertThat(result.error()).isEqualTo("not started within 300ms");
        }
    }
}
