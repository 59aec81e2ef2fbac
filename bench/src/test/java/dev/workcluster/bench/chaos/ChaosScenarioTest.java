package dev.workcluster.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.bench.BenchOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench chaos --quick} with a fixed seed, as CI runs it: real processes, real signals,
 * and network partitions where this machine can make namespaces (CI runs as root).
 */
class ChaosScenarioTest {
    static final long SEED = 1;

    @Test
    void aQuickChaosRunEndsWithoutAViolation() throws Exception {
        Map<String, Object> report = new ChaosScenario()
                .run(new BenchOptions(true, BenchOptions.DEFAULT_RATE, SEED, Duration.ofSeconds(60)))
                .fields();

        assertThat(report.get("violations"))
                .as("violations, history in " + report.get("history_dir") + ": " + report.get("first_violations"))
                .isEqualTo(0L);
        assertThat(report)
                .containsEntry("lost", 0L)
                .containsEntry("stuck", 0L)
                .containsEntry("overlapping_runs", 0L)
                .containsEntry("double_completions", 0L)
                .containsEntry("nodes_agree", true);
        assertThat((Long) report.get("acknowledged")).as("tasks acknowledged").isGreaterThan(500);
        @SuppressWarnings("unchecked")
        Map<String, Object> faults = (Map<String, Object>) report.get("faults");
        assertThat((Integer) faults.get("leader_kills")).isPositive();
        assertThat((Integer) faults.get("worker_kills")).isPositive();
        assertThat((Integer) faults.get("pauses")).isPositive();
        if (Boolean.TRUE.equals(report.get("partitions_possible"))) {
            assertThat((Integer) faults.get("partitions")).isPositive();
        }
    }
}
