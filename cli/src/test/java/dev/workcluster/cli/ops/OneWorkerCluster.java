package dev.workcluster.cli.ops;

import dev.workcluster.e2e.InJvmLeader;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;

/** A real leader in this JVM and one library worker ("w1") with the test's handler: what most command tests need. */
final class OneWorkerCluster implements AutoCloseable {
    final InJvmLeader leader;
    final Worker worker;

    private OneWorkerCluster(InJvmLeader leader, Worker worker) {
        this.leader = leader;
        this.worker = worker;
    }

    static OneWorkerCluster start(Path dir, int slots, TaskHandler handler) throws Exception {
        InJvmLeader leader = InJvmLeader.start(dir, c -> c);
        Worker worker = Worker.start(WorkerOptions.newBuilder().setLeaderAddresses(leader.address()).setWorkerId("w1")
                .setSlots(slots).build(), handler);
        return new OneWorkerCluster(leader, worker);
    }

    @Override
    public void close() throws Exception {
        worker.shutdown(Duration.ofSeconds(5));
        leader.close();
    }
}
