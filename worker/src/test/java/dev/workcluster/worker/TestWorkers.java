package dev.workcluster.worker;

import dev.workcluster.worker.testing.ScriptedLeader;
import java.time.Duration;

/** Starts workers against in-process scripted leaders, with fast timings. */
final class TestWorkers {
    private TestWorkers() {}

    static WorkerOptions.Builder options(String... leaders) {
        return WorkerOptions.newBuilder()
                .setLeaderAddresses(leaders)
                .setWorkerId("w-1")
                .setSlots(2)
                .setHeartbeatInterval(Duration.ofMillis(50))
                .setReconnectBackoffInitial(Duration.ofMillis(10))
                .setReconnectBackoffMax(Duration.ofMillis(50))
                .setShutdownGrace(Duration.ofSeconds(2));
    }

    static Worker start(WorkerOptions options, TaskHandler handler) {
        return Worker.start(options, handler, ScriptedLeader::inProcessChannel);
    }
}
