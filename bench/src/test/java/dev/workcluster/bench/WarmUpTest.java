package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The warm-up's bounds: never shorter than its minimum, never much past its maximum. */
class WarmUpTest {
    @Test
    void lastsAtLeastTheMinimumAndAtMostOneCheckPastTheMaximum() throws InterruptedException {
        Duration took = WarmUp.await(Duration.ofMillis(200), Duration.ofMillis(400));

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofMillis(1_600));
    }

    @Test
    void theCompilerTimeOnlyGrows() {
        long before = WarmUp.jitMillis();

        assertThat(WarmUp.jitMillis()).isGreaterThanOrEqualTo(before).isGreaterThanOrEqualTo(0);
    }
}
