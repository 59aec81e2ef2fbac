package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.workcluster.testkit.EmbeddedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Against a real leader without workers (so tasks stay PENDING): what a watch holds for a
 * consumer that does not read; how a watch ends: closed while its consumer waits, with its
 * client, when no node serves it for the client's patience; its bad inputs.
 */
class TaskWatchEndsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final LeaderWithClient fixture = new LeaderWithClient("client-watch-ends");

    @Test
    void aConsumerThatDoesNotReadHoldsAtMostTheBufferAndLosesNothing() throws Exception {
        int count = TaskWatch.BUFFER * 4;
        try (TaskWatch pending = fixture.client().watch(Set.of(TaskState.PENDING))) {
            List<TaskSpec> specs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                specs.add(TaskSpec.of("bulk " + i).withId("e-bulk-" + i));
            }
            fixture.client().scheduleAll(specs); // one entry: every task PENDING at once

            // None read: the watch fills its buffer and stops there; flow control keeps the rest on the node.
            await("the buffer fills").atMost(WAIT).until(() -> pending.bufferedChanges() >= TaskWatch.BUFFER);
            assertThat(pending.bufferedChanges()).isEqualTo(TaskWatch.BUFFER);

            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                pending.poll(Duration.ofSeconds(1)).ifPresent(task -> {
                    assertThat(pending.bufferedChanges()).isLessThanOrEqualTo(TaskWatch.BUFFER);
                    seen.add(task.id());
                });
            }
            assertThat(seen).hasSize(count);
        }
    }

    @Test
    void closeWakesAConsumerBlockedInNext() throws Exception {
        TaskWatch watch = fixture.client().watch(Set.of());
        AtomicReference<Throwable> ended = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            try {
                while (true) {
                    watch.next();
                }
            } catch (Throwable e) {
                ended.set(e);
            } finally {
                done.countDown();
            }
        });
        consumer.start();
        await("the consumer blocks in next()").atMost(WAIT).until(() -> consumer.getState() == Thread.State.WAITING);

        watch.close();

        assertThat(done.await(5, TimeUnit.SECONDS)).as("next() returned").isTrue();
        assertThat(ended.get()).isInstanceOf(NoSuchElementException.class).hasMessage("the watch is closed");
        assertThat(watch.hasNext()).isFalse();
        assertThat(watch.poll(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aWatchWhoseNodeStopsThrowsOnceItsPatienceIsSpent() throws Exception {
        EmbeddedCluster alone = EmbeddedCluster.start("client-watch-alone", config -> config);
        boolean stopped = false;
        ClientOptions options = ClientOptions.of(alone.address())
                .withCallTimeout(Duration.ofMillis(500))
                .withRetryFor(Duration.ofSeconds(1));
        try (WorkClient lonely = WorkClient.connect(options);
                TaskWatch watch = lonely.watch(Set.of())) {
            alone.close();
            stopped = true;
            assertThatThrownBy(watch::hasNext)
                    .isInstanceOf(ClusterUnavailableException.class)
                    .hasMessageContaining("no node served the watch within PT1S");
            assertThatThrownBy(() -> watch.poll(Duration.ZERO)).isInstanceOf(ClusterUnavailableException.class);
        } finally {
            if (!stopped) {
                alone.close();
            }
        }
    }

    @Test
    void aWatchOfNodesThatDoNotAnswerGivesUpAfterItsPatience() {
        ClientOptions nowhere = ClientOptions.of("127.0.0.1:1", "127.0.0.1:2")
                .withCallTimeout(Duration.ofMillis(200))
                .withRetryFor(Duration.ofMillis(800));
        try (WorkClient lost = WorkClient.connect(nowhere)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> lost.watch(Set.of()))
                    .isInstanceOf(ClusterUnavailableException.class)
                    .hasMessageContaining("no node served the watch within PT0.8S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void closingTheClientEndsItsWatches() throws Exception {
        WorkClient other = WorkClient.connect(ClientOptions.of(fixture.cluster().address()));
        TaskWatch watch = other.watch(Set.of());
        other.close();
        assertThat(watch.hasNext()).isFalse();
        assertThatThrownBy(() -> other.watch(Set.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the client is closed");
    }

    @Test
    void badInputsAreRefusedNamingTheProblem() {
        Set<TaskState> withNull = new HashSet<>();
        withNull.add(null);
        assertThatThrownBy(() -> fixture.client().watch(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("states");
        assertThatThrownBy(() -> fixture.client().watch(withNull))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("states contains null");
        try (TaskWatch watch = fixture.client().watch(Set.of())) {
            assertThatThrownBy(() -> watch.poll(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("timeout");
            assertThatThrownBy(() -> watch.poll(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must be >= 0, got PT-1S");
            watch.close();
            assertThatThrownBy(watch::next)
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessage("the watch is closed");
        }
    }
}
