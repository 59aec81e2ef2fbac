package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.StateSnapshots;
import dev.workcluster.leader.state.proto.BatchResult;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin Ratis adapter: decodes a log entry, applies its commands to the pure
 * state under the write lock, and returns their results. Snapshots are delegated
 * to {@link SnapshotFiles}. An entry that does not decode is fatal: replicas must
 * never silently diverge.
 */
final class RaftStateMachine extends BaseStateMachine {
    private static final Logger log = LoggerFactory.getLogger(RaftStateMachine.class);

    private final GuardedState state;
    private final StateLimits limits;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final SnapshotFiles snapshots = new SnapshotFiles(storage);
    private final BackgroundSnapshots background = new BackgroundSnapshots(snapshots);

    /** How many snapshots this node wrote, and how long that took. */
    SnapshotTimes snapshotTimes() {
        return background;
    }

    private volatile AppliedListener applied = (state, changes) -> {};
    private volatile Leadership leadership;
    private volatile boolean leader;

    private final ProposerCallbacks callbacks;

    RaftStateMachine(GuardedState state, StateLimits limits, ProposerCallbacks callbacks) {
        this.state = state;
        this.limits = limits;
        this.callbacks = callbacks;
    }

    /** Told about every applied entry; the dispatcher reacts to it at once, watchers see its changes. */
    void onApplied(AppliedListener listener) {
        this.applied = listener;
    }

    void leadership(Leadership listener) {
        this.leadership = listener;
    }

    boolean isLeader() {
        return leader;
    }

    @Override
    public synchronized void notifyLeaderReady() {
        leader = true;
        log.info(
                "event=leader_ready applied_index={}", getLastAppliedTermIndex().getIndex());
        Leadership listener = leadership;
        if (listener != null) {
            listener.leaderReady();
        }
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId me, RaftPeerId newLeader) {
        if (!me.getPeerId().equals(newLeader)) {
            stepDown("new leader " + newLeader);
        }
    }

    /** Ratis fails the requests of a leader that steps down with this: the leadership is gone. */
    @Override
    public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
        stepDown("not leader any more, " + pendingEntries.size() + " entries pending");
    }

    /**
     * Drops the leader's duties, once per leadership, whichever signal came first: a new
     * leader announced, Ratis saying this node is not the leader, or the role check.
     */
    synchronized void stepDown(String reason) {
        if (!leader) {
            return;
        }
        leader = false;
        log.info("event=leadership_lost reason=\"{}\"", reason);
        Leadership listener = leadership;
        if (listener != null) {
            listener.leadershipLost();
        }
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        // The lifecycle matters: Ratis pauses a RUNNING state machine to install a snapshot.
        getLifeCycle()
                .startAndTransition(
                        () -> {
                            storage.init(raftStorage);
                            loadLatestSnapshot();
                        },
                        IOException.class);
    }

    /** Ratis pauses the state machine before it installs a snapshot sent by the leader. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** After a snapshot was installed: the state becomes the snapshot's, and applying resumes. */
    @Override
    public void reinitialize() throws IOException {
        loadLatestSnapshot();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void loadLatestSnapshot() throws IOException {
        SnapshotFiles.Loaded loaded = snapshots.loadLatest(limits);
        if (loaded != null) {
            state.replace(loaded.state());
            state.write(current -> {
                current.drainChanges();
                applied.replaced(current);
                return null;
            });
            updateLastAppliedTermIndex(
                    loaded.termIndex().getTerm(), loaded.termIndex().getIndex());
            background.loaded(loaded.termIndex().getIndex());
            log.info(
                    "event=snapshot_loaded term={} index={} tasks={}",
                    loaded.termIndex().getTerm(),
                    loaded.termIndex().getIndex(),
                    state.read(ClusterState::taskCount));
        }
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /**
     * Applies an entry. Its results go to the proposer on this node in memory, after the write
     * lock is released ({@link ProposerCallbacks}); only a leader's entry that nobody here waits
     * for (a Ratis client's, see {@code RaftNode.proposeFromAnyNode}) has them encoded in the reply.
     */
    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        CommandBatch batch = decode(entry);
        List<CommandResult> results = state.write(current -> {
            List<CommandResult> out = current.apply(batch);
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
            applied.applied(current, current.drainChanges(), batch, out);
            return out;
        });
        Consumer<List<CommandResult>> proposer = callbacks.take(
                entry.getStateMachineLogEntry().getClientId(),
                entry.getStateMachineLogEntry().getCallId());
        if (proposer != null) {
            proposer.accept(results);
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
        if (trx.getServerRole() != RaftPeerRole.LEADER) {
            return CompletableFuture.completedFuture(Message.EMPTY); // a follower's reply reaches nobody
        }
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(
                BatchResult.newBuilder().addAllResults(results).build().toByteArray())));
    }

    /**
     * The answer to a read-only request: nothing. Such a request only tells its sender that this
     * node has applied up to the leader's commit index ({@code RaftNode.catchUpWithLeader});
     * reads themselves are served from the state, not through Raft.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public long takeSnapshot() {
        return background.due(() -> state.read(current ->
                new BackgroundSnapshots.Captured(StateSnapshots.encode(current), getLastAppliedTermIndex())));
    }

    @Override
    public void close() throws IOException {
        try {
            background.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }

    /**
     * Parses from the entry's bytes in place: parsing from an InputStream would allocate a 4 KiB
     * read buffer per entry, which at a thousand entries a second was a tenth of the leader's garbage.
     */
    private static CommandBatch decode(LogEntryProto entry) {
        try {
            return CommandBatch.parseFrom(
                    entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
        } catch (IOException e) {
            log.error("event=undecodable_log_entry term={} index={}", entry.getTerm(), entry.getIndex(), e);
            throw new IllegalStateException("log entry " + entry.getIndex() + " does not decode as a CommandBatch", e);
        }
    }
}
