package dev.workcluster.leader.testing;

import java.util.ArrayList;
import java.util.List;

/** The push-mode workers a test started against one leader; closes them all. */
public final class PushWorkers implements AutoCloseable {
    private final String leaderAddress;
    private final List<TestPushWorker> started = new ArrayList<>();

    public PushWorkers(LeaderFixture leader) {
        this.leaderAddress = leader.clusterAddress();
    }

    /** A new worker, already joined. */
    public TestPushWorker join(String id) throws Exception {
        TestPushWorker worker = new TestPushWorker(id, leaderAddress);
        started.add(worker);
        return worker.join();
    }

    public List<TestPushWorker> all() {
        return started;
    }

    @Override
    public void close() throws Exception {
        for (TestPushWorker worker : started) {
            worker.close();
        }
    }
}
