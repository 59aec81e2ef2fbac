package dev.workcluster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.workcluster.leader.raft.RaftSettings;
import org.junit.jupiter.api.Test;

/** The pieces between a leader process and its starter: the peers argument and the heap line. */
class LeaderNodeMainTest {

    @Test
    void peersAreIdEqualsHostColonPort() {
        assertThat(LeaderNodeMain.peers("n1=127.0.0.1:7001,n2=127.0.0.1:7002"))
                .containsExactly(
                        new RaftSettings.Peer("n1", "127.0.0.1", 7001), new RaftSettings.Peer("n2", "127.0.0.1", 7002));
        assertThatThrownBy(() -> LeaderNodeMain.peers("n1:7001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n1:7001");
    }

    @Test
    void heapLineRoundTrips() {
        HeapUsage heap = new HeapUsage(300L << 20, 42L << 20, 1L << 30);

        assertThat(HeapUsage.isLine(heap.line())).isTrue();
        assertThat(HeapUsage.parse(heap.line())).isEqualTo(heap);
        assertThat(HeapUsage.isLine("12:00:01 WARN something")).isFalse();
        assertThat(HeapUsage.mb(heap.afterGcBytes())).isEqualTo(42.0);
    }
}
