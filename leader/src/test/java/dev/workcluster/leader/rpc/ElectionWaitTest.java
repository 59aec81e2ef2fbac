package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ElectionWaitTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final ElectionWait wait = new ElectionWait(clock, clock::nanoTime);

    @Test
    void aHeldHelloIsAnsweredOnTheFirstCheckAfterTheElectionHasAnOutcome() {
        AtomicBoolean elected = new AtomicBoolean();
        List<Long> answeredAfter = new ArrayList<>();
        assertThat(wait.hold((heldNanos, lastChance) -> {
                    if (elected.get()) {
                        answeredAfter.add(heldNanos);
                    }
                    return elected.get();
                }))
                .isTrue();

        clock.advance(Duration.ofMillis(200));
        assertThat(wait.held()).as("still held while no leader is known").isEqualTo(1);
        elected.set(true);
        clock.advance(Duration.ofMillis(ElectionWait.CHECK_MILLIS));
        assertThat(wait.held()).isZero();
        assertThat(answeredAfter)
                .singleElement()
                .satisfies(nanos ->
                        assertThat(Duration.ofNanos(nanos)).isBetween(Duration.ofMillis(200), Duration.ofMillis(220)));
    }

    @Test
    void aHelloIsHeldNoLongerThanTheHoldThenAnsweredWithWhatIsKnown() {
        List<Boolean> lastChances = new ArrayList<>();
        wait.hold((heldNanos, lastChance) -> {
            lastChances.add(lastChance);
            return false; // never a leader: only the last chance ends the wait
        });

        clock.advance(ElectionWait.HOLD.minusMillis(ElectionWait.CHECK_MILLIS));
        assertThat(wait.held()).isEqualTo(1);
        assertThat(lastChances).doesNotContain(true);
        clock.advance(Duration.ofMillis(ElectionWait.CHECK_MILLIS));
        assertThat(wait.held()).isZero();
        assertThat(lastChances).endsWith(true);
    }

    @Test
    void pastTheBoundHellosAreNotHeld() {
        for (int i = 0; i < ElectionWait.MAX_HELD; i++) {
            assertThat(wait.hold((heldNanos, lastChance) -> false)).isTrue();
        }
        assertThat(wait.hold((heldNanos, lastChance) -> false))
                .as("hello over the bound of " + ElectionWait.MAX_HELD)
                .isFalse();
        assertThat(wait.held()).isEqualTo(ElectionWait.MAX_HELD);
    }

    @Test
    void aHelloThatFailsToAnswerIsDroppedAndTheOthersStillWait() {
        wait.hold((heldNanos, lastChance) -> {
            throw new IllegalStateException("stream broke");
        });
        wait.hold((heldNanos, lastChance) -> false);
        clock.advance(Duration.ofMillis(ElectionWait.CHECK_MILLIS));
        assertThat(wait.held()).isEqualTo(1);
    }
}
