package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    private static BenchReport sample() {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", 0.412);
        latency.put("p99", 3.5);
        latency.put("p999", null);
        return new BenchReport("throughput")
                .put("quick", true)
                .put("tasks_per_s", 1234.5)
                .put("workers", 8)
                .put("ratio", 2.0)
                .put("schedule_to_start_ms", latency)
                .put("note", "a \"quoted\"\tline\n");
    }

    @Test
    void jsonKeepsTheFieldsInOrderWithNestedPercentiles() {
        assertThat(sample().toJson()).isEqualTo("""
                {
                  "scenario": "throughput",
                  "quick": true,
                  "tasks_per_s": 1234.5,
                  "workers": 8,
                  "ratio": 2,
                  "schedule_to_start_ms": {
                    "p50": 0.412,
                    "p99": 3.5,
                    "p999": null
                  },
                  "note": "a \\"quoted\\"\\tline\\n"
                }
                """);
    }

    @Test
    void nonFiniteNumbersListsAndEmptyMapsAreValidJson() {
        BenchReport report = new BenchReport("latency")
                .put("nan", Double.NaN)
                .put("inf", Double.POSITIVE_INFINITY)
                .put("list", List.of(1, "two"))
                .put("empty", Map.of())
                .put("control", "\u0001");
        assertThat(report.toJson())
                .contains(
                        "\"nan\": null",
                        "\"inf\": null",
                        "\"list\": [1, \"two\"]",
                        "\"empty\": {}",
                        "\"control\": \"\\u0001\"");
    }

    @Test
    void writesScenarioJsonCreatingTheDirectory(@TempDir Path dir) throws Exception {
        Path file = sample().write(dir.resolve("bench").resolve("results"));

        assertThat(file).isEqualTo(dir.resolve("bench/results/throughput.json"));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(sample().toJson());
    }

    @Test
    void tableAlignsFieldsAndFlattensPercentiles() {
        String table = sample().table();

        assertThat(table)
                .contains(
                        "scenario              throughput\n",
                        "tasks_per_s           1,235\n",
                        "workers               8\n",
                        "schedule_to_start_ms  p50=0.412  p99=3.500  p999=null\n");
    }

    @Test
    void scenarioNamesAreSafeFileNames() {
        assertThatThrownBy(() -> new BenchReport("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentilesAreMillisecondsFromMicroseconds() {
        Histogram micros = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            micros.recordValue(i * 10L);
        }

        Map<String, Object> ms = Percentiles.millis(micros);

        assertThat(ms).containsOnlyKeys("p50", "p99", "p999");
        assertThat((Double) ms.get("p50")).isBetween(4.99, 5.01);
        assertThat((Double) ms.get("p99")).isBetween(9.89, 9.91);
        assertThat((Double) ms.get("p999")).isBetween(9.98, 10.0);
        assertThat(Percentiles.millis(new Histogram(3))).containsEntry("p50", null);
    }

    @Test
    void quickOptionsPickTheQuickPhase() {
        BenchOptions quick = new BenchOptions(true, BenchOptions.DEFAULT_RATE);

        assertThat(quick.phase(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(9)))
                .hasSeconds(1);
        assertThatThrownBy(() -> new BenchOptions(false, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
