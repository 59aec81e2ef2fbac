package dev.workcluster.cli.ops;

import dev.workcluster.cli.client.LeaderClient;
import dev.workcluster.cli.output.Json;
import dev.workcluster.cli.output.Table;
import dev.workcluster.cli.output.Texts;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.cluster.v1.RaftPeer;
import dev.workcluster.proto.cluster.v1.TaskCounts;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code workcluster status}: one node's view of the cluster (GetStatus). */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the answering node's Raft role and peers, members, and tasks by state.")
public final class StatusCommand extends ClusterCommand {
    @Override
    int run(LeaderClient client, PrintWriter out) {
        GetStatusResponse status = client.cluster(stub -> stub.getStatus(GetStatusRequest.getDefaultInstance()));
        if (json()) {
            Json.print(status, out);
            return 0;
        }
        TaskCounts tasks = status.getTasks();
        new Fields()
                .add("node", status.getNodeId())
                .add("role", role(status.getRole()))
                .add("term", status.getTerm())
                .add("leader", status.getLeaderId().isEmpty() ? "none known"
                        : status.getLeaderId() + (status.getLeaderAddress().isEmpty() ? "" : " at " + status.getLeaderAddress()))
                .add("commit index", status.getCommitIndex())
                .add("applied index", status.getAppliedIndex())
                .add("members", status.getMembersAlive() + " alive / " + status.getMembersTotal() + " total")
                .add("open sessions", status.getOpenSessions())
                .add("tasks", tasks.getPending() + " pending, " + tasks.getRunning() + " running, "
                        + tasks.getCompleted() + " completed, " + tasks.getError() + " error, "
                        + tasks.getCancelled() + " cancelled")
                .add("oldest pending", status.getOldestPendingAgeMs() == 0 ? "none pending"
                        : Texts.duration(Duration.ofMillis(status.getOldestPendingAgeMs())))
                .add("version", status.getVersion())
                .print(out);
        out.println();
        out.println("PEERS");
        // Only the leader knows how far each peer has replicated.
        boolean leader = status.getRole().equals("LEADER");
        Table peers = new Table("ID", "ADDRESS", "ROLE", "MATCH INDEX", "LAG");
        for (RaftPeer p : status.getPeersList()) {
            peers.row(p.getId(), p.getAddress(), p.getRole().isEmpty() ? "-" : role(p.getRole()),
                    leader ? p.getMatchIndex() : "-", leader ? p.getLag() : "-");
        }
        peers.print(out);
        return 0;
    }

    private static String role(String role) {
        return role.isEmpty() ? "-" : role.toLowerCase(Locale.ROOT);
    }
}
