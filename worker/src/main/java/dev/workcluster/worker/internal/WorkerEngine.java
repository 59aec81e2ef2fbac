package dev.workcluster.worker.internal;

import java.time.Duration;

/** What a transport does for {@code Worker}: run tasks until told to drain and stop. */
public interface WorkerEngine {

    /** Starts talking to the leader; returns without waiting for it. */
    void start();

    /** Handlers executing now. */
    int runningTasks();

    /**
     * Stops accepting work, tells the leader, lets running tasks finish within the grace,
     * cancels and gives back the rest, leaves, and releases every thread and channel.
     * Called once.
     */
    void drainAndStop(Duration grace) throws InterruptedException;
}
