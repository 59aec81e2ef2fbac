package dev.workcluster.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderAddressesTest {

    @Test
    void rotatesRoundRobin() {
        LeaderAddresses addresses = new LeaderAddresses(List.of("a:1", "b:1", "c:1"));
        assertThat(addresses.current()).isEqualTo("a:1");
        assertThat(addresses.rotate()).isEqualTo("b:1");
        assertThat(addresses.rotate()).isEqualTo("c:1");
        assertThat(addresses.rotate()).isEqualTo("a:1");
    }

    @Test
    void redirectIsDialledOnceThenTheListResumes() {
        LeaderAddresses addresses = new LeaderAddresses(List.of("a:1", "b:1"));
        addresses.redirectTo("leader:9");
        assertThat(addresses.current()).isEqualTo("leader:9");
        assertThat(addresses.rotate()).isEqualTo("a:1");
        assertThat(addresses.rotate()).isEqualTo("b:1");
    }
}
