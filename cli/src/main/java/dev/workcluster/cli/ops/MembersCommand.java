package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.output.Json;
import dev.workcluster.cli.output.Table;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.MembersResponse;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code workcluster members}: every worker the cluster knows, alive or expired, fetched page by page. */
@Command(
        name = "members",
        mixinStandardHelpOptions = true,
        description = {
            "List the cluster's members (workers).",
            "QUEUES: the named queues each worker takes tasks from (worker --queue); * when it takes every queue."
        })
public final class MembersCommand extends ClusterCommand {
    /** The QUEUES of a worker that takes every queue: no queue name can be it. */
    static final String EVERY_QUEUE = "*";

    /** Members fetched per call; the leader pages its answer so no reply outgrows a message. */
    static final int PAGE_SIZE = 1_000;

    @Override
    int run(WorkClient client, PrintWriter out) {
        MembersResponse members = all(client, PAGE_SIZE);
        if (json()) {
            Json.print(members, out);
            return 0;
        }
        long now = System.currentTimeMillis();
        Table table = new Table(
                "ID", "ADDRESS", "TRANSPORT", "STATUS", "SLOTS", "RUNNING", "LAST HEARTBEAT", "LABELS", "QUEUES");
        for (Member m : members.getMembersList()) {
            table.row(
                    m.getId(),
                    m.getAddress().isEmpty() ? "-" : m.getAddress(),
                    m.getTransport(),
                    m.getStatus(),
                    m.getSlotsUsed() + "/" + m.getSlots(),
                    m.getRunningTaskIdsCount() == 0
                            ? "-"
                            : HumanText.shorten(String.join(",", m.getRunningTaskIdsList()), 40),
                    m.hasLastHeartbeatAt() ? HumanText.age(m.getLastHeartbeatAt(), now) + " ago" : "-",
                    m.getLabelsCount() == 0 ? "-" : HumanText.labels(m.getLabelsMap()),
                    m.getQueuesCount() == 0 ? EVERY_QUEUE : String.join(",", m.getQueuesList()));
        }
        table.print(out);
        return 0;
    }

    /** Every member, following next_page_token to the last page. */
    static MembersResponse all(WorkClient client, int pageSize) {
        MembersResponse.Builder all = MembersResponse.newBuilder();
        String token = "";
        do {
            MembersRequest request = MembersRequest.newBuilder()
                    .setPageSize(pageSize)
                    .setPageToken(token)
                    .build();
            MembersResponse page = client.call(
                    "list members",
                    channel -> LeaderServiceGrpc.newBlockingStub(channel).members(request));
            all.addAllMembers(page.getMembersList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return all.build();
    }
}
