package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost:40041",
                "10.0.0.1:1",
                "[::1]:40041",
                "[fe80::1]:65535",
                "worker-1.svc.cluster.local:80",
                "w_2:9000"
            })
    void addressesTheLeaderCanDialAreAccepted(String address) {
        assertThat(Requests.address("address", address)).isEqualTo(address);
    }
}
