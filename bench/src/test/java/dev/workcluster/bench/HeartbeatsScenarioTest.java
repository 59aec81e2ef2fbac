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
    void parsesUsedHeapFromJcmdHeapInfo() {
        String g1 = "12345:\n garbage-first heap   total 262144K, used 51200K [0x00000000f0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 20 young (20480K), 2 survivors (2048K)\n";
        assertThat(LeaderProcess.parseHeapUsedMb(g1)).isEqualTo(50.0);
        assertThat(LeaderProcess.parseHeapUsedMb("12345:\nno such process")).isEqualTo(-1.0);
    }

    @Test
    void isRegisteredUnderItsName() {
        assertThat(Scenarios.all()).containsKey("heartbeats");
    }
}
