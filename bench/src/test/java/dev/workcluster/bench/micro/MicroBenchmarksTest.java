package dev.workcluster.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Catches a broken JMH setup in CI without timing anything: the annotation processor
 * listed every benchmark, and one of them runs end to end in a forked JVM, its fixture
 * checks included, with JMH writing its JSON.
 */
class MicroBenchmarksTest {
    private static final String PACKAGE = "dev.workcluster.bench.micro.";

    @Test
    void theBenchmarkListNamesEveryHotPath() {
        assertThat(MicroBenchmarks.matching(null))
                .containsExactly(
                        PACKAGE + "ApplyBenchmark.apply",
                        PACKAGE + "LogEntryCodecBenchmark.decodeEntry",
                        PACKAGE + "LogEntryCodecBenchmark.decodeResults",
                        PACKAGE + "LogEntryCodecBenchmark.encodeEntry",
                        PACKAGE + "LogEntryCodecBenchmark.encodeResults",
                        PACKAGE + "PendingQueueBenchmark.scheduleThenAssign",
                        PACKAGE + "PlacementBenchmark.turnover",
                        PACKAGE + "RetentionBenchmark.dropExpiredFinished");
    }

    @Test
    void aRegexPicksBenchmarksByName() {
        assertThat(MicroBenchmarks.matching("Placement")).containsExactly(PACKAGE + "PlacementBenchmark.turnover");
        assertThat(MicroBenchmarks.matching("Codec.*Entry")).hasSize(2);
        assertThat(MicroBenchmarks.matching("NoSuchBenchmark")).isEmpty();
    }

    @Test
    void oneBenchmarkRunsInAForkAndJmhWritesItsJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("micro.json");
        // The complete stage exercises the most fixture code: restore, schedule, assign, the result checks.
        Options smallest = MicroBenchmarks.options("ApplyBenchmark", json)
                .param("stage", "complete")
                .forks(1)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Collection<RunResult> results =
                MicroBenchmarks.run(smallest, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(results).hasSize(1);
        assertThat(results.iterator().next().getPrimaryResult().getScore()).isPositive();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ApplyBenchmark.apply");
        assertThat(Files.readString(json))
                .contains("\"benchmark\" : \"" + PACKAGE + "ApplyBenchmark.apply\"", "\"primaryMetric\"");
    }
}
