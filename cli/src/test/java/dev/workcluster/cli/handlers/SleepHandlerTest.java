package dev.workcluster.cli.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.TaskCancelledException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SleepHandlerTest {
    /** Random sleeps of 10 to 30 ms keep the tests fast. */
    final SleepHandler handler = new SleepHandler(Duration.ofMillis(10), Duration.ofMillis(30));

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sleep 40ms|slept 40ms|40",
                "  sleep   60ms  |slept 60ms|60",
                "sleep 0s|slept 0ms|0",
                "sleep 0|slept 0ms|0",
            })
    void sleepsAsLongAsThePayloadSays(String payload, String result, long millis) throws Exception {
        long started = System.nanoTime();

        assertThat(handler.handle(new TestContext(payload))).isEqualTo(result);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void aBareNumberIsSeconds() {
        // Checked through cancellation so the test does not wait the second out.
        TestContext context = new TestContext("sleep 1");
        CompletableFuture<String> outcome = context.runOnNewThread(handler);
        awaitSleeping(context);
        assertThat(outcome).isNotDone();
        context.cancel(true);
        assertThatThrownBy(() -> outcome.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TaskCancelledException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "", "sleep", "sleeping 2s", "failure", "echo sleep 1h"})
    void anyOtherPayloadSleepsARandomTimeInTheRange(String payload) throws Exception {
        String result = handler.handle(new TestContext(payload));

        assertThat(result).matches("slept \\d+ms");
        assertThat(Long.parseLong(result.replaceAll("\\D", ""))).isBetween(10L, 30L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sleep soon", "sleep -1s", "sleep 1.5s", "sleep 3w"})
    void anUnreadableDurationFailsTheTaskAtOnceNamingIt(String payload) {
        String value = payload.substring("sleep ".length());

        assertThatThrownBy(() -> handler.handle(new TestContext(payload)))
                .isInstanceOf(NonRetryableTaskException.class)
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void failFailsTheAttemptSoTheLeaderRetries() {
        assertThatThrownBy(() -> handler.handle(new TestContext("fail")))
                .isInstanceOf(TaskFailure.class)
                .isNotInstanceOf(NonRetryableTaskException.class)
                .hasMessage("failed as the payload asked")
                .hasToString("failed as the payload asked");
        assertThatThrownBy(() -> handler.handle(new TestContext("fail disk full")))
                .isInstanceOf(TaskFailure.class)
                .hasMessage("disk full");
    }

    @Test
    void failPermanentlyFailsTheTaskAtOnce() {
        assertThatThrownBy(() -> handler.handle(new TestContext("fail-permanently bad input")))
                .isInstanceOf(NonRetryableTaskException.class)
                .hasMessage("bad input");
        assertThatThrownBy(() -> handler.handle(new TestContext("fail-permanently")))
                .isInstanceOf(NonRetryableTaskException.class)
                .hasMessage("failed as the payload asked");
    }

    @ParameterizedTest(name = "interrupted={0}")
    @ValueSource(booleans = {true, false})
    void cancellationEndsTheSleepWithin100Ms(boolean interrupt) throws Exception {
        TestContext context = new TestContext("sleep 1m");
        CompletableFuture<String> outcome = context.runOnNewThread(handler);
        awaitSleeping(context);

        long cancelled = System.nanoTime();
        context.cancel(interrupt);

        assertThatThrownBy(() -> outcome.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TaskCancelledException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void anAlreadyCancelledTaskDoesNotSleep() {
        TestContext context = new TestContext("sleep 1m");
        context.cancel(false);

        assertThatThrownBy(() -> handler.handle(context)).isInstanceOf(TaskCancelledException.class);
    }

    @Test
    void anInterruptWithoutCancellationIsNotSwallowed() throws Exception {
        TestContext context = new TestContext("sleep 1m");
        CompletableFuture<String> outcome = context.runOnNewThread(handler);
        awaitSleeping(context);

        context.thread().interrupt();

        assertThatThrownBy(() -> outcome.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void anEmptyRandomRangeIsRefused() {
        assertThatThrownBy(() -> new SleepHandler(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Waits (spinning, with a deadline) until the handler's thread is parked in its sleep. */
    static void awaitSleeping(TestContext context) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (context.thread().getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime())
                    .as("handler thread sleeping within 5 s")
                    .isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
