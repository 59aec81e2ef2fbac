package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeartbeatsScenarioTest {

    @Test
    void oneChannelPerFiveHundredSessionsAtLeastOne() {
        assertThat(HeartbeatsScenario.channelsFor(1)).isEqualTo(1);
        assertThat(HeartbeatsScenario.channelsFor(2_000)).isEqualTo(4);
        assertThat(HeartbeatsScenario.channelsFor(10_000)).isEqualTo(20);
        assertThat(HeartbeatsScenario.channelsFor(10_001)).isEqualTo(21);
    }

    @Test
    void isRegisteredUnderItsName() {
        assertThat(Scenarios.all()).containsKey("heartbeats");
    }
}
