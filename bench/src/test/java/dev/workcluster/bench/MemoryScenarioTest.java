package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.QuietLogs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memory scenario in a short form: a few thousand tasks through a leader process of its own. */
class MemoryScenarioTest {
    private static final long TASKS = 5_000;

    @Test
    void everyTaskIsRetainedAndCostsTheLeaderHeap() throws Exception {
        Map<String, Object> figures;
        try (QuietLogs quiet = QuietLogs.errorsOnly()) {
            figures = MemoryScenario.run(TASKS, new BenchReport("memory")).fields();
        }

        assertThat(figures.get("tasks")).isEqualTo(TASKS);
        assertThat(figures.get("drained")).isEqualTo(true);
        assertThat(figures.get("retained_tasks"))
                .as("fewer than the default retention: all kept")
                .isEqualTo(TASKS);
        double peak = (Double) figures.get("heap_mb_peak");
        assertThat(peak)
                .isGreaterThanOrEqualTo((Double) figures.get("heap_mb_end"))
                .isGreaterThanOrEqualTo((Double) figures.get("heap_mb_empty"));
        // a retained task is an id, a payload and a few fields: more than nothing, far less than 64 KB
        assertThat((Double) figures.get("bytes_per_retained_task")).isBetween(1.0, 65_536.0);
    }

    @Test
    void isRegisteredUnderItsName() {
        assertThat(Scenarios.all()).containsKey("memory");
    }
}
