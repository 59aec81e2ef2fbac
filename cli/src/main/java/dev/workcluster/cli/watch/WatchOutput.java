package dev.workcluster.cli.watch;

import dev.workcluster.proto.cluster.v1.TaskCounts;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;

/**
 * Where {@link WatchLoop} sends what it sees. Every method is called on the loop's
 * thread, one at a time; times are the client's wall clock in epoch millis.
 */
public interface WatchOutput {
    /** A stream is open (again, when {@code reconnect}); its snapshot follows. */
    void connected(String address, boolean reconnect, long now);

    /** The stream to {@code address} broke; the loop is reconnecting. */
    void lost(String address, String reason, long now);

    /** One event that passed the status filter. */
    void event(WatchTasksResponse event, long now);

    /** The snapshot has been sent: {@code members} and {@code tasks} events were shown. */
    void snapshotComplete(int members, int tasks, boolean resync, long now);

    /** A task changed to a status the filter hides, or was removed while a filter is set. */
    default void hidden(String taskId) {}

    /** A message from whoever runs the loop (the demo's "scheduled 30 tasks"). */
    default void notice(String text, long now) {}

    /** Whether the loop should fetch task counts (GetStatus) for {@link #counts}. */
    default boolean wantsCounts() {
        return false;
    }

    default void counts(TaskCounts counts) {}

    /**
     * Whether a reconnect's snapshot must reach this output in full (a view that rebuilds
     * itself), rather than only the tasks that may have changed while the stream was down.
     */
    default boolean replaysSnapshots() {
        return false;
    }

    /** Millis until this output next wants {@link #tick}; {@link Long#MAX_VALUE} for never. */
    default long tickDelay(long now) {
        return Long.MAX_VALUE;
    }

    default void tick(long now) {}

    /** The watch is over (it had connected); flush whatever is pending. */
    default void finish(long now) {}
}
