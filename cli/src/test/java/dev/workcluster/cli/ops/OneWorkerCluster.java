package dev.workcluster.cli.ops;

import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.TaskClient;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link EmbeddedCluster} with one library worker, {@code w1}, running a {@link TestHandler}, for a whole test
 * class: what most operator command tests run against. Register it on a static field with
 * {@code @RegisterExtension} (JUnit honours class-level callbacks only there); it starts before the class's
 * {@code @BeforeAll} methods, so they can schedule what the tests need, and stops after its {@code @AfterAll}
 * methods, releasing blocked handlers first.
 */
final class OneWorkerCluster implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final int slots;
    private final TestHandler handler = new TestHandler();
    private EmbeddedCluster cluster;
    private Worker worker;

    /** @param name names the cluster's temporary directory */
    OneWorkerCluster(String name, int slots) {
        this.name = name;
        this.slots = slots;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = EmbeddedCluster.start(name, c -> c);
        worker =
                cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(slots), handler);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        handler.releaseAll();
        if (cluster != null) {
            cluster.close();
        }
    }

    TaskClient tasks() {
        return cluster.tasks();
    }

    /** host:port of the leader's cluster.v1 port. */
    String address() {
        return cluster.address();
    }

    /** The CLI flag that points a command at this cluster's leader. */
    String leaderFlag() {
        return "--leader=" + cluster.address();
    }

    Worker worker() {
        return worker;
    }
}
