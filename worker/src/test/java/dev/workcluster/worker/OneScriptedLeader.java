package dev.workcluster.worker;

import dev.workcluster.worker.testing.ScriptedHandler;
import dev.workcluster.worker.testing.ScriptedLeader;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests of one worker against one scripted in-process leader; stops both after each test. */
abstract class OneScriptedLeader {
    final ScriptedHandler handler = new ScriptedHandler();
    ScriptedLeader leader;
    Worker worker;

    @BeforeEach
    void startLeader() {
        leader = ScriptedLeader.inProcess("leader-a:1");
    }

    @AfterEach
    void stop() throws InterruptedException {
        handler.releaseAll();
        if (worker != null) {
            worker.shutdown(Duration.ZERO);
        }
        leader.close();
    }

    Worker launch(WorkerOptions options) {
        worker = TestWorkers.start(options, handler);
        return worker;
    }
}
