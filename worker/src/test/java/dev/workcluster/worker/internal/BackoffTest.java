package dev.workcluster.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(5);

    @Test
    void capDoublesUntilTheMaximumAndStaysThere() {
        Backoff backoff = new Backoff(INITIAL, MAX, () -> 0.5);
        List<Long> caps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            caps.add(backoff.currentCap().toMillis());
            backoff.nextDelay();
        }
        assertThat(caps).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L, 5000L);
    }

    @Test
    void capNeverOverflowsAfterManyFailures() {
        Backoff backoff = new Backoff(INITIAL, MAX, () -> 0.999);
        for (int i = 0; i < 10_000; i++) {
            Duration delay = backoff.nextDelay();
            assertThat(delay).isBetween(Duration.ZERO, MAX);
        }
        assertThat(backoff.currentCap()).isEqualTo(MAX);
    }

    @Test
    void fullJitterDrawsFromZeroToTheCap() {
        Backoff lowest = new Backoff(INITIAL, MAX, () -> 0.0);
        Backoff highest = new Backoff(INITIAL, MAX, () -> Math.nextDown(1.0));
        assertThat(lowest.nextDelay()).isEqualTo(Duration.ZERO);
        assertThat(highest.nextDelay()).isBetween(Duration.ofMillis(99), INITIAL);
        assertThat(highest.nextDelay()).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    }

    @Test
    void jitteredDelaysStayWithinBoundsAndSpreadOut() {
        Random random = new Random(42);
        Backoff backoff = new Backoff(INITIAL, MAX, random::nextDouble);
        for (int i = 0; i < 6; i++) {
            backoff.nextDelay();
        }
        long below = 0;
        long above = 0;
        for (int i = 0; i < 1000; i++) {
            Duration delay = backoff.nextDelay();
            assertThat(delay).isBetween(Duration.ZERO, MAX);
            if (delay.compareTo(Duration.ofMillis(500)) < 0) {
                below++;
            }
            if (delay.compareTo(Duration.ofMillis(4500)) > 0) {
                above++;
            }
        }
        assertThat(below).as("delays near zero").isPositive();
        assertThat(above).as("delays near the cap").isPositive();
    }

    @Test
    void resetStartsOverAtTheInitialCap() {
        Backoff backoff = new Backoff(INITIAL, MAX, () -> 0.5);
        for (int i = 0; i < 5; i++) {
            backoff.nextDelay();
        }
        assertThat(backoff.currentCap()).isEqualTo(Duration.ofMillis(3200));
        backoff.reset();
        assertThat(backoff.currentCap()).isEqualTo(INITIAL);
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void rejectsNonsenseBounds() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new Backoff(MAX, INITIAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT5S and PT0.1S");
    }
}
