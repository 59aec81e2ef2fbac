package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.workcluster.leader.raft.RaftSettings;
import org.junit.jupiter.api.Test;

/** The pieces between the bench and its leader processes: arguments, the heap line, retry pauses. */
class LeaderProcessPiecesTest {

    @Test
    void peersAreIdEqualsHostColonPort() {
        assertThat(LeaderNodeMain.peers("n1=127.0.0.1:7001,n2=127.0.0.1:7002")).containsExactly(
                new RaftSettings.Peer("n1", "127.0.0.1", 7001), new RaftSettings.Peer("n2", "127.0.0.1", 7002));
        assertThatThrownBy(() -> LeaderNodeMain.peers("n1:7001")).isInstanceOf(IllegalArgumentException.class)
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

    @Test
    void retryPausesDoubleUpToOneSecond() {
        assertThat(SubmitTargets.retryPauseMillis(1)).isEqualTo(50);
        assertThat(SubmitTargets.retryPauseMillis(2)).isEqualTo(100);
        assertThat(SubmitTargets.retryPauseMillis(5)).isEqualTo(800);
        assertThat(SubmitTargets.retryPauseMillis(6)).isEqualTo(1_000);
        assertThat(SubmitTargets.retryPauseMillis(1_000)).isEqualTo(1_000);
    }
}
