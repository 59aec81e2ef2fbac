package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The addresses of a running cluster that throughput and latency can drive instead of their own. */
class ClusterAddressesTest {
    @TempDir
    Path dir;

    @Test
    void acceptsHostPortListsAndTrimsTheEntries() {
        assertThat(ClusterAddresses.parse("127.0.0.1:50051, node-2.example:1 ,[::1]:65535"))
                .containsExactly("127.0.0.1:50051", "node-2.example:1", "[::1]:65535");
    }

    @Test
    void optionsWithLeadersDriveARunningClusterAndOnlyThroughputAndLatencyCan() {
        BenchOptions options = new BenchOptions(
                true, BenchOptions.DEFAULT_RATE, BenchOptions.DEFAULT_SEED, null, List.of("127.0.0.1:50051"));

        assertThat(options.external()).isTrue();
        assertThat(new BenchOptions(true, BenchOptions.DEFAULT_RATE).external()).isFalse();
        assertThat(Scenarios.drivingRunningClusters()).containsExactly("throughput", "latency");
        assertThatThrownBy(() -> Scenarios.run("memory", options, dir, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--leader is for throughput and latency only, not memory");
        assertThatThrownBy(() -> new BenchOptions(true, 1, 1, null, List.of("nohost")))
                .hasMessage("leader address 'nohost' must be host:port");
    }
}
