package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.output.Json;
import dev.workcluster.cli.output.Table;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.RaftPeer;
import dev.workcluster.proto.cluster.v1.TaskCounts;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code workcluster status}: one node's view of the cluster (GetStatus). */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the answering node's Raft role and peers, members, and tasks by state.")
public final class StatusCommand extends ClusterCommand {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(1);

    @Override
    int run(WorkClient client, PrintWriter out) {
        GetStatusResponse status = status(client);
        if (json()) {
            Json.print(status, out);
            return 0;
        }
        TaskCounts tasks = status.getTasks();
        new FieldList()
                .add("node", status.getNodeId())
                .add(
                        "role",
                        role(status.getRole())
                                + (status.getRole().equals("LEADER") && !status.getLeaderReady()
                                        ? " (catching up with the log; takes writes once caught up)"
                                        : ""))
                .add("term", status.getTerm())
                .add(
                        "leader",
                        status.getLeaderId().isEmpty()
                                ? "none known"
                                : status.getLeaderId()
                                        + (status.getLeaderAddress().isEmpty()
                                                ? ""
                                                : " at " + status.getLeaderAddress()))
                .add("commit index", status.getCommitIndex())
                .add("applied index", status.getAppliedIndex())
                .add("members", status.getMembersAlive() + " alive / " + status.getMembersTotal() + " total")
                .add("open sessions", status.getOpenSessions())
                .add(
                        "tasks",
                        tasks.getPending() + " pending, " + tasks.getRunning() + " running, "
                                + tasks.getCompleted() + " completed, " + tasks.getError() + " error, "
                                + tasks.getCancelled() + " cancelled"
                                + (tasks.getScheduled() == 0 ? "" : ", " + tasks.getScheduled() + " scheduled"))
                .add(
                        "oldest pending",
                        status.getOldestPendingAgeMs() == 0
                                ? "none pending"
                                : HumanText.duration(Duration.ofMillis(status.getOldestPendingAgeMs())))
                .add("version", status.getVersion())
                .print(out);
        out.println();
        out.println("PEERS");
        printPeers(status, out);
        return 0;
    }

    /**
     * Every peer as it answers for itself (role, term, commit and applied index); lag is
     * how far its applied index trails the highest commit index seen. Peers that do not
     * answer, or have not registered a client address yet, show as such.
     */
    private void printPeers(GetStatusResponse status, PrintWriter out) {
        java.util.Map<String, GetStatusResponse> views = new java.util.LinkedHashMap<>();
        long highestCommit = status.getCommitIndex();
        for (RaftPeer p : status.getPeersList()) {
            GetStatusResponse view = p.getId().equals(status.getNodeId()) ? status : ask(p.getClientAddress());
            views.put(p.getId(), view);
            highestCommit = Math.max(highestCommit, view == null ? 0 : view.getCommitIndex());
        }
        Table peers = new Table("ID", "RAFT ADDRESS", "CLIENT ADDRESS", "ROLE", "TERM", "COMMIT", "APPLIED", "LAG");
        for (RaftPeer p : status.getPeersList()) {
            GetStatusResponse view = views.get(p.getId());
            String client = p.getClientAddress().isEmpty() ? "-" : p.getClientAddress();
            if (view == null) {
                peers.row(
                        p.getId(),
                        p.getAddress(),
                        client,
                        p.getClientAddress().isEmpty() ? "unknown" : "unreachable",
                        "-",
                        "-",
                        "-",
                        "-");
            } else {
                peers.row(
                        p.getId(),
                        p.getAddress(),
                        client,
                        role(view.getRole()),
                        view.getTerm(),
                        view.getCommitIndex(),
                        view.getAppliedIndex(),
                        Math.max(0, highestCommit - view.getAppliedIndex()));
            }
        }
        peers.print(out);
    }

    private GetStatusResponse ask(String clientAddress) {
        if (clientAddress.isEmpty()) {
            return null;
        }
        // This very node, not whichever of several answers: a client of its address alone.
        try (WorkClient peer = connection.connect(java.util.List.of(clientAddress), PEER_TIMEOUT)) {
            return status(peer);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static GetStatusResponse status(WorkClient client) {
        return client.call(
                "read the node's status",
                channel -> LeaderServiceGrpc.newBlockingStub(channel).getStatus(GetStatusRequest.getDefaultInstance()));
    }

    private static String role(String role) {
        return role.isEmpty() ? "-" : role.toLowerCase(Locale.ROOT);
    }
}
