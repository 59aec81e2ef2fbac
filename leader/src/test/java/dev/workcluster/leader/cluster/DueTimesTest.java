package dev.workcluster.leader.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keyed due times on a manual clock: each hand-over happens at the instant the test names, once. */
class DueTimesTest {
    final ManualScheduler time = new ManualScheduler();
    final long startMillis = time.wallMillis();
    /** Each hand-over: the clock (millis since the start) and the keys handed over. */
    final List<String> handedOver = new ArrayList<>();

    final DueTimes<String> due = new DueTimes<>(
            time, time::wallMillis, keys -> handedOver.add(time.wallMillis() - startMillis + " " + keys));

    void advanceMillis(long millis) {
        time.advance(Duration.ofMillis(millis));
    }

    @Test
    void keysAreHandedOverAtTheirTimeAndOnlyOnce() {
        due.set("b", startMillis + 200);
        due.set("a", startMillis + 100);

        advanceMillis(99);
        assertThat(handedOver).isEmpty();
        advanceMillis(1);
        assertThat(handedOver).containsExactly("100 [a]");
        advanceMillis(1_000);
        assertThat(handedOver).containsExactly("100 [a]", "200 [b]");
        assertThat(due.size()).isZero();
    }

    @Test
    void keysDueTogetherAreHandedOverTogetherInTimeOrder() {
        due.set("late", startMillis + 50);
        due.set("early", startMillis + 10);
        due.set("same", startMillis + 50);

        advanceMillis(60);

        assertThat(handedOver).containsExactly("10 [early]", "50 [late, same]");
    }

    @Test
    void settingAKeyAgainMovesItsTimeEitherWay() {
        due.set("k", startMillis + 100);
        due.set("k", startMillis + 300);
        advanceMillis(200);
        assertThat(handedOver)
                .as("moved later: the earlier timer finds nothing due")
                .isEmpty();

        due.set("k", startMillis + 250);
        advanceMillis(50);
        assertThat(handedOver).containsExactly("250 [k]");
    }

    @Test
    void aCancelledKeyIsNeverHandedOverAndClearForgetsAll() {
        due.set("gone", startMillis + 10);
        due.set("kept", startMillis + 20);
        due.set("cleared", startMillis + 30);
        due.cancel("gone");
        advanceMillis(25);
        due.clear();
        advanceMillis(100);

        assertThat(handedOver).containsExactly("20 [kept]");
        assertThat(due.dueMillis("cleared")).isEmpty();
    }

    @Test
    void aTimePassedAlreadyIsHandedOverAtOnce() {
        advanceMillis(1_000);
        due.set("overdue", startMillis + 10);

        advanceMillis(0);

        assertThat(handedOver).containsExactly("1000 [overdue]");
    }

    @Test
    void aFloodIsHandedOverInBoundedBatchesWithoutWaiting() {
        for (int i = 0; i < DueTimes.MAX_PER_FIRING * 2 + 1; i++) {
            due.set("k" + i, startMillis + 5);
        }

        advanceMillis(5);

        assertThat(handedOver).hasSize(3);
        assertThat(handedOver).allMatch(batch -> batch.startsWith("5 "));
        assertThat(due.size()).isZero();
    }
}
