package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.Json;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.GetQueuesResponse;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code workcluster queues list}: every queue that exists, in name order. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the named queues that exist (configured, or holding unfinished tasks) in name order: their "
                    + "weight, running limit (- for none) and how many of their tasks are pending, running and "
                    + "scheduled."
        })
public final class ListQueuesCommand extends ClusterCommand {
    @Override
    int run(WorkClient client, PrintWriter out) {
        GetQueuesResponse queues = new QueueCalls(client).all();
        if (json()) {
            Json.print(queues, out);
        } else {
            QueueText.table(queues.getQueuesList()).print(out);
        }
        return 0;
    }
}
