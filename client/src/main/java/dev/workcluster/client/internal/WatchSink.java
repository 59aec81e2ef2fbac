package dev.workcluster.client.internal;

import dev.workcluster.client.ClusterUnavailableException;
import dev.workcluster.client.WorkClientException;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;

/**
 * What a {@link WatchStream} hands on, on gRPC's threads, one call at a time and in order (a
 * call's events come after its {@code opened}, and the next call's after this one's end).
 *
 * <pre>{@code
 * WatchSink sink = new WatchSink() {
 *     public void opened(boolean afterBreak) {}
 *     public boolean event(WatchTasksResponse event) { return false; } // done with it: send the next
 *     public void stopped(WorkClientException why) {}
 * };
 * }</pre>
 */
public interface WatchSink {
    /** A call is about to open: the first ({@code false}) or one after a break. */
    void opened(boolean afterBreak);

    /**
     * True when the sink keeps the event and will {@link WatchStream#release} it once its consumer
     * took it; false when it is done with it.
     */
    boolean event(WatchTasksResponse event);

    /** The stream gave up ({@link ClusterUnavailableException}) or was refused; it is stopped. */
    void stopped(WorkClientException why);
}
