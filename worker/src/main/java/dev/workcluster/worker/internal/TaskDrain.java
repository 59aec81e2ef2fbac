package dev.workcluster.worker.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a drain, the same for both transports: the runner takes no more starts, the transport tells its
 * leader, running handlers get the grace to return, and those still running then are cancelled and handed back.
 * What follows (reporting, leaving, releasing threads) differs between the transports and stays with them.
 */
final class TaskDrain {
    private static final Logger log = LoggerFactory.getLogger(TaskDrain.class);
    /** How long shutdown waits for cancelled handlers to return before abandoning their threads. */
    static final Duration CANCEL_WAIT = Duration.ofSeconds(1);

    private TaskDrain() {}

    /**
     * @param stopOffers runs right after the runner stops taking starts: where a transport tells its leader
     * @param handBack   gets the runs cancelled and handed back; called only if the grace ran out first
     */
    static void runDown(
            String workerId,
            TaskRunner runner,
            Duration grace,
            Runnable stopOffers,
            Consumer<List<RunningTask>> handBack)
            throws InterruptedException {
        log.info(
                "event=worker_draining worker={} running={} grace_ms={}",
                workerId,
                runner.occupied(),
                grace.toMillis());
        runner.drain();
        stopOffers.run();
        if (!runner.awaitIdle(grace)) {
            handBack.accept(runner.handBackAll());
        }
    }
}
