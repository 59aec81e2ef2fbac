package dev.workcluster.worker;

/** How a {@link Worker} talks to the leader. */
public enum Transport {
    /**
     * One bidirectional session stream to the leader carries everything (the default).
     * The worker needs no inbound port, so it runs behind NAT, in containers, anywhere.
     */
    STREAM,
    /**
     * The seed's wiring: the worker serves {@code worker.v1.WorkerService} on a port,
     * joins with its address, sends unary heartbeats and the leader calls it. One task at
     * a time.
     */
    PUSH
}
