package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.Json;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.Queue;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code workcluster queues get NAME}: one queue's settings and counts. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Show one named queue: its weight, its running limit and how many of its tasks are pending, running and "
                    + "scheduled.",
            "A queue that is neither configured nor holds unfinished tasks does not exist: the leader answers "
                    + "NOT_FOUND (exit 1)."
        })
public final class GetQueueCommand extends ClusterCommand {
    @Parameters(paramLabel = "NAME", description = "The queue's name.")
    String name;

    @Override
    int run(WorkClient client, PrintWriter out) {
        if (name.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "NAME must not be empty");
        }
        Queue queue = new QueueCalls(client).get(name);
        if (json()) {
            Json.print(queue, out);
        } else {
            QueueText.fields(queue).print(out);
        }
        return 0;
    }
}
