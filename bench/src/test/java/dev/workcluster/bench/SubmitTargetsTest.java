package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The load client's retry pauses. */
class SubmitTargetsTest {

    @Test
    void retryPausesDoubleUpToOneSecond() {
        assertThat(SubmitTargets.retryPauseMillis(1)).isEqualTo(50);
        assertThat(SubmitTargets.retryPauseMillis(2)).isEqualTo(100);
        assertThat(SubmitTargets.retryPauseMillis(5)).isEqualTo(800);
        assertThat(SubmitTargets.retryPauseMillis(6)).isEqualTo(1_000);
        assertThat(SubmitTargets.retryPauseMillis(1_000)).isEqualTo(1_000);
    }
}
