package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.StateChanges;

/**
 * Told about every applied log entry, on every node, while the state's write lock is
 * held: it sees exactly the state the entry produced. It must be quick and must not
 * block: queueing a message on a session's network thread is fine, waiting for anything
 * (a lock other than the state's, a reply, the disk) is not.
 */
public interface AppliedListener {
    void applied(ClusterState state, StateChanges changes);

    /** The whole state was replaced (a snapshot was loaded): incremental views must start over. */
    default void replaced(ClusterState state) {}
}
