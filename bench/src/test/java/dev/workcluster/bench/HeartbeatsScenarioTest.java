package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeartbeatsScenarioTest {

    @Test
    void oneChannelPerFiveHundredSessionsAtLeastOne() {
        assertThat(SessionFleet.channelsFor(1)).isEqualTo(1);
        assertThat(SessionFleet.channelsFor(2_000)).isEqualTo(4);
        assertThat(SessionFleet.channelsFor(10_000)).isEqualTo(20);
        assertThat(SessionFleet.channelsFor(10_001)).isEqualTo(21);
    }

    @Test
    void isRegisteredUnderItsName() {
        assertThat(Scenarios.all()).containsKey("heartbeats");
    }
}
