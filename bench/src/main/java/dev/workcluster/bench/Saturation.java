package dev.workcluster.bench;

import dev.workcluster.worker.Transport;
import java.time.Duration;

/**
 * Shared by the saturating scenarios: the unary baseline, then a closed-loop run at the leader's pace
 * (against a running cluster with {@code --leader}; the baseline stays in this JVM, over loopback).
 */
final class Saturation {
    static final int WORKERS = 8;
    static final int MAX_QUEUED = 512;

    private Saturation() {}

    static BenchReport run(String scenario, Transport transport, int slots, BenchOptions options) throws Exception {
        LoadRun.Shape shape = new LoadRun.Shape(WORKERS, slots, transport, MAX_QUEUED);
        BenchReport report = LoadRun.describe(Environment.header(new BenchReport(scenario), options), options, shape)
                .put("max_queued", MAX_QUEUED);
        double baseline = UnaryBaseline.callsPerSecond(
                LoadRun.Warm.of(options), options.phase(Duration.ofSeconds(5), Duration.ofSeconds(20)));
        LoadRun.Result result = LoadRun.run(
                shape,
                options.leaders(),
                LoadRun.Warm.of(options),
                options.phase(Duration.ofSeconds(15), Duration.ofSeconds(60)),
                LoadClient::saturate);
        result.putInto(report);
        report.put("baseline_unary_per_s", Math.round(baseline * 10) / 10.0)
                .put("baseline_outstanding", UnaryBaseline.OUTSTANDING)
                .put("ratio", Percentiles.round(result.tasksPerSecond() / baseline));
        return report;
    }
}
