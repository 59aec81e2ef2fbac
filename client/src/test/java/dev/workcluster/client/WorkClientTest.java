package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against a real leader with a real library worker: submits, reads, cancels, waits, errors. */
class WorkClientTest {
    public record Resize(String photo, int width) {}

    private static final CountDownLatch release = new CountDownLatch(1);

    @RegisterExtension
    static final LeaderWithClient fixture = new LeaderWithClient("client");

    @BeforeAll
    static void startWorkers() throws Exception {
        fixture.cluster()
                .startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(4), context -> {
                    String payload = context.payload();
                    if (payload.equals("block")) {
                        while (!release.await(50, TimeUnit.MILLISECONDS)) {
                            context.throwIfCancelled();
                        }
                    }
                    if (payload.startsWith("fail")) {
                        throw new NonRetryableTaskException("failed as asked");
                    }
                    if (payload.startsWith("{")) {
                        return payload; // JSON in, the same JSON out
                    }
                    return "did " + payload;
                });
    }

    @AfterAll
    static void releaseHandlers() {
        release.countDown();
    }

    @Test
    void schedulesAndAwaitsTheResult() throws Exception {
        TaskInfo stored =
                fixture.client().schedule(TaskSpec.of("work").withId("c-1").withPriority(TaskPriority.HIGH));
        assertThat(stored.id()).isEqualTo("c-1");
        assertThat(stored.priority()).isEqualTo(TaskPriority.HIGH);

        TaskResult result =
                fixture.client().awaitResult("c-1", Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.result()).isEqualTo("did work");
        assertThat(fixture.client().get("c-1").state()).isEqualTo(TaskState.COMPLETED);
    }

    @Test
    void jsonPayloadsAndResultsComeBackAsTheyWent() throws Exception {
        Resize asked = new Resize("photo-17.jpg", 640);
        TaskSpec spec = TaskSpec.ofJson(asked).withId("c-json");
        assertThat(spec.payload()).isEqualTo("{\"photo\":\"photo-17.jpg\",\"width\":640}");

        fixture.client().schedule(spec);
        TaskResult result =
                fixture.client().awaitResult("c-json", Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
        assertThat(result.resultAs(Resize.class)).isEqualTo(asked);
        assertThat(fixture.client().get("c-json").payloadAs(Resize.class)).isEqualTo(asked);
    }

    @Test
    void aFailedTaskEndsInErrorWithItsReason() throws Exception {
        fixture.client().schedule(TaskSpec.of("fail now").withId("c-fail"));
        TaskResult result =
                fixture.client().awaitResult("c-fail", Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
        assertThat(result.state()).isEqualTo(TaskState.ERROR);
        assertThat(result.error()).isEqualTo("failed as asked");
    }

    @Test
    void theSameSpecTwiceIsStoredOnceAndAnotherPayloadUnderItsIdIsRefused() {
        TaskSpec spec = TaskSpec.of("same").withId("c-twice");
        TaskInfo first = fixture.client().schedule(spec);
        TaskInfo again = fixture.client().schedule(spec);
        assertThat(again.createdAt()).isEqualTo(first.createdAt());

        assertThatThrownBy(() -> fixture.client().schedule(TaskSpec.of("other").withId("c-twice")))
                .isInstanceOfSatisfying(
                        TaskAlreadyExistsException.class,
                        e -> assertThat(e.stored().payload()).isEqualTo("same"));
    }

    @Test
    void cancelsARunningTaskAndTheWaitSeesIt() throws Exception {
        fixture.client().schedule(TaskSpec.of("block").withId("c-cancel"));
        CompletableFuture<TaskResult> result = fixture.client().awaitResult("c-cancel", Duration.ofSeconds(30));
        fixture.client().cancel("c-cancel");
        assertThat(result.get(30, TimeUnit.SECONDS).state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void cancelReturnsTheTaskAsStoredAfterwards() throws Exception {
        fixture.client().schedule(TaskSpec.of("block").withId("c-cancelled"));
        assertThat(fixture.client().cancel("c-cancelled").state()).isEqualTo(TaskState.CANCELLED);

        fixture.client().schedule(TaskSpec.of("quick").withId("c-done"));
        fixture.client().awaitResult("c-done", Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
        TaskInfo done = fixture.client().cancel("c-done");
        assertThat(done.state()).isEqualTo(TaskState.COMPLETED); // had ended: unchanged
        assertThat(done.result()).isEqualTo("did quick");
    }

    @Test
    void aTaskWithoutPriorityReadsBackAsUnspecifiedAsStored() {
        fixture.client().schedule(TaskSpec.of("quick").withId("c-unspecified").withPriority(TaskPriority.UNSPECIFIED));
        assertThat(fixture.client().get("c-unspecified").priority()).isEqualTo(TaskPriority.UNSPECIFIED);

        fixture.cluster().tasks().schedule("c-grpc", "quick"); // over plain gRPC, no priority set
        assertThat(fixture.client().get("c-grpc").priority()).isEqualTo(TaskPriority.UNSPECIFIED);
    }

    @Test
    void refusalsArriveAsTypedExceptions() {
        assertThatThrownBy(() -> fixture.client().get("c-none")).isInstanceOf(TaskNotFoundException.class);
        assertThatThrownBy(() -> fixture.client().cancel("c-none")).isInstanceOf(TaskNotFoundException.class);
        assertThatThrownBy(() -> fixture.client().schedule(TaskSpec.of("x").withId("")))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("INVALID_ARGUMENT");
        assertThatThrownBy(() -> fixture.client().list(null, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fixture.client()
                        .awaitResult("c-none", Duration.ofSeconds(10))
                        .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TaskNotFoundException.class);
    }

    @Test
    void aWaitThatOutlastsItsTimeoutFails() {
        fixture.client().schedule(TaskSpec.of("block").withId("c-slow"));
        assertThatThrownBy(() -> fixture.client()
                        .awaitResult("c-slow", Duration.ofMillis(200))
                        .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        fixture.client().cancel("c-slow");
    }

    @Test
    void schedulesABatchAndPagesThroughIt() throws Exception {
        List<TaskSpec> specs = List.of(
                TaskSpec.of("b1").withId("c-batch-1"),
                TaskSpec.of("b2").withId("c-batch-2"),
                TaskSpec.ofBytes(new byte[] {1, 2, 3}).withId("c-batch-3"));
        assertThat(fixture.client().scheduleAll(specs))
                .extracting(TaskInfo::id)
                .containsExactly("c-batch-1", "c-batch-2", "c-batch-3");
        for (TaskSpec spec : specs) {
            fixture.client().awaitResult(spec.id(), Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
        }
        TaskPage first = fixture.client().list(TaskState.COMPLETED, null, 1);
        assertThat(first.tasks()).hasSize(1);
        assertThat(first.isLast()).isFalse();
        assertThat(fixture.client().list(TaskState.COMPLETED, first.next(), 1).tasks())
                .hasSize(1);
    }

    @Test
    void aClientOfNodesThatDoNotAnswerGivesUpAfterItsPatience() {
        ClientOptions nowhere = ClientOptions.of("127.0.0.1:1", "127.0.0.1:2")
                .withCallTimeout(Duration.ofMillis(200))
                .withRetryFor(Duration.ofMillis(800));
        try (WorkClient lost = WorkClient.connect(nowhere)) {
            assertThatThrownBy(() -> lost.schedule(TaskSpec.of("x")))
                    .isInstanceOf(ClusterUnavailableException.class)
                    .hasMessageContaining("no node answered within PT0.8S");
        }
    }
}
