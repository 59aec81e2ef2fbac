package dev.workcluster.bench;

import dev.workcluster.worker.Transport;

/** Tasks per second at saturation: 8 stream workers × 8 slots, no-op handlers, a closed-loop client. */
public final class ThroughputScenario extends Scenario {
    static final int SLOTS = 8;

    public ThroughputScenario() {
        super(
                "throughput",
                "completed tasks/s at saturation (8 stream workers x 8 slots) against raw gRPC unary calls/s");
    }

    @Override
    public boolean drivesRunningCluster() {
        return true;
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        return Saturation.run(name(), Transport.STREAM, SLOTS, options);
    }
}
