package dev.workcluster.bench;

import dev.workcluster.worker.Transport;
import java.time.Duration;

/**
 * Latency below saturation: a fixed offered rate (open loop) against 8 stream workers × 8 slots,
 * or against a running cluster and its own workers with {@code --leader}.
 */
public final class LatencyScenario extends Scenario {
    /**
     * 8 stream workers × 8 slots; a queue far above what a sustainable rate keeps queued: only a saturated leader
     * runs out of permits.
     */
    static final LoadRun.Shape SHAPE = new LoadRun.Shape(8, 8, Transport.STREAM, 20_000);

    public LatencyScenario() {
        super(
                "latency",
                "schedule->start and end-to-end latency at a fixed offered rate (--rate, default 1000 tasks/s)");
    }

    @Override
    public boolean drivesRunningCluster() {
        return true;
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        int rate = options.rate();
        BenchReport report = LoadRun.describe(Environment.header(new BenchReport(name()), options), options, SHAPE)
                .put("offered_per_s", rate);
        LoadRun.Result result = LoadRun.run(
                SHAPE,
                options.leaders(),
                LoadRun.Warm.of(options),
                options.phase(Duration.ofSeconds(20), Duration.ofSeconds(60)),
                (client, stopAt) -> client.offer(rate, stopAt));
        result.putInto(report);
        return report;
    }
}
