package dev.workcluster.leader.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How this node takes part in Raft.
 *
 * @param dataDir            holds the Raft log and snapshots (under {@code raft/})
 * @param nodeId             this node's Raft peer id
 * @param host               address peers reach this node's Raft port at
 * @param raftPort           Raft's own gRPC port
 * @param snapshotEvery      take a snapshot after this many applied log entries
 * @param batchMaxCommands   most commands grouped into one log entry
 * @param batchMaxBytes      soft byte cap of one log entry (a single larger command still goes alone)
 * @param maxEntriesInFlight log entries proposed but not yet applied; more commands wait and batch up
 * @param peers              every node of the Raft group, this one included; empty for a group of one
 * @param proposalTimeout    a write not committed within this long fails with UNAVAILABLE (quorum lost?)
 * @param segmentSizeBytes   size of one Raft log segment file; only whole closed segments are purged after a snapshot
 */
public record RaftSettings(
        Path dataDir,
        String nodeId,
        String host,
        int raftPort,
        long snapshotEvery,
        int batchMaxCommands,
        int batchMaxBytes,
        int maxEntriesInFlight,
        List<Peer> peers,
        Duration proposalTimeout,
        long segmentSizeBytes) {

    /** One node of the group: its id and the host:port of its Raft port. */
    public record Peer(String id, String host, int port) {
        public String address() {
            return host + ":" + port;
        }
    }

    public static final String DEFAULT_NODE_ID = "n1";
    public static final int DEFAULT_RAFT_PORT = 50053;
    public static final long DEFAULT_SNAPSHOT_EVERY = 10_000;
    public static final int DEFAULT_BATCH_MAX_COMMANDS = 1024;
    public static final int DEFAULT_BATCH_MAX_BYTES = 2 << 20;
    public static final int DEFAULT_MAX_ENTRIES_IN_FLIGHT = 1;

    public static final Duration DEFAULT_PROPOSAL_TIMEOUT = Duration.ofSeconds(5);
    public static final long DEFAULT_SEGMENT_SIZE_BYTES = 8L << 20;

    public RaftSettings {
        peers = List.copyOf(peers);
        if (!peers.isEmpty() && peers.stream().noneMatch(p -> p.id().equals(nodeId))) {
            throw new IllegalArgumentException("node id " + nodeId + " is not among the peers "
                    + peers.stream().map(Peer::id).toList());
        }
        if (segmentSizeBytes < 64 * 1024) {
            throw new IllegalArgumentException("raft segment size must be at least 64 KiB, got " + segmentSizeBytes);
        }
        if (proposalTimeout.isNegative() || proposalTimeout.isZero()) {
            throw new IllegalArgumentException("proposal timeout must be > 0, got " + proposalTimeout);
        }
        if (snapshotEvery <= 0 || batchMaxCommands <= 0 || batchMaxBytes <= 0 || maxEntriesInFlight <= 0) {
            throw new IllegalArgumentException("raft settings must be positive: snapshotEvery=" + snapshotEvery
                    + " batchMaxCommands=" + batchMaxCommands + " batchMaxBytes=" + batchMaxBytes
                    + " maxEntriesInFlight=" + maxEntriesInFlight);
        }
    }

    public RaftSettings withRaftPort(int port) {
        return new RaftSettings(
                dataDir,
                nodeId,
                host,
                port,
                snapshotEvery,
                batchMaxCommands,
                batchMaxBytes,
                maxEntriesInFlight,
                peers,
                proposalTimeout,
                segmentSizeBytes);
    }

    public RaftSettings withSnapshotEvery(long entries) {
        return new RaftSettings(
                dataDir,
                nodeId,
                host,
                raftPort,
                entries,
                batchMaxCommands,
                batchMaxBytes,
                maxEntriesInFlight,
                peers,
                proposalTimeout,
                segmentSizeBytes);
    }

    public RaftSettings withProposalTimeout(Duration timeout) {
        return new RaftSettings(
                dataDir,
                nodeId,
                host,
                raftPort,
                snapshotEvery,
                batchMaxCommands,
                batchMaxBytes,
                maxEntriesInFlight,
                peers,
                timeout,
                segmentSizeBytes);
    }

    /** The group's members: the configured peers, or this node alone. */
    public List<Peer> group() {
        return peers.isEmpty() ? List.of(new Peer(nodeId, host, raftPort)) : peers;
    }

    public static RaftSettings singleNode(Path dataDir, int raftPort, long snapshotEvery) {
        return new RaftSettings(
                dataDir,
                DEFAULT_NODE_ID,
                "127.0.0.1",
                raftPort,
                snapshotEvery,
                DEFAULT_BATCH_MAX_COMMANDS,
                DEFAULT_BATCH_MAX_BYTES,
                DEFAULT_MAX_ENTRIES_IN_FLIGHT,
                List.of(),
                DEFAULT_PROPOSAL_TIMEOUT,
                DEFAULT_SEGMENT_SIZE_BYTES);
    }
}
