package dev.workcluster.bench;

import dev.workcluster.worker.Transport;

/**
 * Throughput with the seed's push-mode workers: the leader calls each worker's
 * WorkerService per task, and a push worker runs one task at a time.
 */
public final class PushScenario extends Scenario {
    static final int SLOTS = 1;

    public PushScenario() {
        super(
                "push",
                "like throughput, with 8 push-mode workers (the leader calls each worker; one task at a time each)");
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        return Saturation.run(name(), Transport.PUSH, SLOTS, options);
    }
}
