package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.StateChanges;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import java.util.List;

/**
 * Told about every applied log entry, on every node, while the state's write lock is
 * held: it sees exactly the state the entry produced. It must be quick and must not
 * block: queueing a message on a session's network thread is fine, waiting for anything
 * (a lock other than the state's, a reply, the disk) is not.
 */
public interface AppliedListener {
    void applied(ClusterState state, StateChanges changes);

    /**
     * The same, with the entry itself and its commands' results: the state after an entry does not show
     * every step a task took during it (scheduled and placed in one entry, or a failed attempt and its
     * retry's assignment), the commands do.
     */
    default void applied(ClusterState state, StateChanges changes, CommandBatch batch, List<CommandResult> results) {
        applied(state, changes);
    }

    /** The whole state was replaced (a snapshot was loaded): incremental views must start over. */
    default void replaced(ClusterState state) {}
}
