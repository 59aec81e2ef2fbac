package dev.workcluster.cli;

import dev.workcluster.leader.raft.RaftSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code workcluster leader} that place the node in its Raft group: its id, its peers, the
 * address it tells clients, and where and how it keeps its log. The Raft port and snapshot interval stay with
 * the other ports and limits, where the help lists them.
 */
final class RaftGroupOptions {
    @Option(
            names = "--node-id",
            paramLabel = "ID",
            defaultValue = "${env:WORKCLUSTER_NODE_ID:-n1}",
            description = "This node's id in the Raft group (env WORKCLUSTER_NODE_ID; default n1).")
    String nodeId;

    @Option(
            names = "--peers",
            paramLabel = "ID=HOST:PORT[,ID=HOST:PORT...]",
            converter = PeersConverter.class,
            defaultValue = "${env:WORKCLUSTER_PEERS}",
            description = "Every node of the Raft group with its Raft address, this one included; "
                    + "without it the node is a group of one (env WORKCLUSTER_PEERS).")
    List<RaftSettings.Peer> peers;

    @Option(
            names = "--advertise",
            paramLabel = "HOST:PORT",
            defaultValue = "${env:WORKCLUSTER_NODE_ADVERTISE}",
            description = "Where clients and workers reach this node's cluster.v1 port, told to them when they "
                    + "must go to the leader (env WORKCLUSTER_NODE_ADVERTISE; default the Raft host and --port).")
    String advertise;

    @Option(
            names = "--proposal-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:WORKCLUSTER_PROPOSAL_TIMEOUT:-5s}",
            description = "A write not committed within this long fails with UNAVAILABLE (default 5s).")
    Duration proposalTimeout;

    @Option(
            names = "--raft-segment-size",
            paramLabel = "BYTES",
            defaultValue = "${env:WORKCLUSTER_RAFT_SEGMENT_SIZE:-8388608}",
            description = "Size of one Raft log segment file; whole segments older than the latest snapshot are "
                    + "deleted (default 8388608 = 8 MiB).")
    long raftSegmentSize;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${env:WORKCLUSTER_DATA_DIR:-workcluster-data}",
            description = "Raft log and snapshots live here (env WORKCLUSTER_DATA_DIR; default workcluster-data).")
    Path dataDir;

    /** The node's Raft settings: its own entry of {@code --peers}, or a group of one on loopback at {@code raftPort}. */
    RaftSettings settings(int raftPort, long snapshotEvery) {
        List<RaftSettings.Peer> group = peers == null ? List.of() : peers;
        RaftSettings.Peer self = group.stream()
                .filter(p -> p.id().equals(nodeId))
                .findFirst()
                .orElse(new RaftSettings.Peer(nodeId, "127.0.0.1", raftPort));
        return new RaftSettings(
                dataDir,
                nodeId,
                self.host(),
                self.port(),
                snapshotEvery,
                RaftSettings.DEFAULT_BATCH_MAX_COMMANDS,
                RaftSettings.DEFAULT_BATCH_MAX_BYTES,
                RaftSettings.DEFAULT_MAX_ENTRIES_IN_FLIGHT,
                group,
                proposalTimeout,
                raftSegmentSize);
    }

    /** {@code --advertise}, or the node's Raft host with its cluster port. */
    String clientAddress(RaftSettings raft, int clusterPort) {
        return advertise == null || advertise.isBlank() ? raft.host() + ":" + clusterPort : advertise;
    }
}
