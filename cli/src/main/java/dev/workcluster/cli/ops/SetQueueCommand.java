package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.Json;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.Queue;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code workcluster queues set NAME}: a queue's weight and running limit. The wire sets both at once, so a flag left
 * out keeps the queue's current value, read first (a queue that does not exist has the defaults). The read and the
 * set are two calls: a change another client makes between them is overwritten.
 */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = {
            "Set a named queue's weight or running limit, or both, and print the queue.",
            "A flag left out keeps the queue's current value (weight 1 and no limit for a queue not configured). "
                    + "Setting weight 1 and --max-running 0 forgets the queue's settings. Setting the same values "
                    + "again changes nothing."
        })
public final class SetQueueCommand extends ClusterCommand {
    @Parameters(paramLabel = "NAME", description = "The queue's name: 1 to 63 letters, digits and . _ -.")
    String name;

    @Option(
            names = "--weight",
            paramLabel = "N",
            description = "Its share of the free slots against the other queues with waiting tasks, 1 to 1000: the "
                    + "next start goes to the queue with the fewest running tasks per unit of weight (default: "
                    + "the current weight; 1 for a new queue).")
    Integer weight;

    @Option(
            names = "--max-running",
            paramLabel = "N",
            description = "Run at most N of its tasks at once, up to 1000000; 0: no limit (default: the current "
                    + "limit; none for a new queue).")
    Integer maxRunning;

    @Override
    int run(WorkClient client, PrintWriter out) {
        validate();
        QueueCalls queues = new QueueCalls(client);
        Queue.Builder wanted = Queue.newBuilder().setName(name);
        if (weight == null || maxRunning == null) {
            Queue current =
                    queues.find(name).orElse(Queue.newBuilder().setWeight(1).build());
            wanted.setWeight(current.getWeight()).setMaxRunning(current.getMaxRunning());
        }
        if (weight != null) {
            wanted.setWeight(weight);
        }
        if (maxRunning != null) {
            wanted.setMaxRunning(maxRunning);
        }
        Queue stored = queues.set(wanted.build());
        if (json()) {
            Json.print(stored, out);
        } else {
            QueueText.fields(stored).print(out);
        }
        return 0;
    }

    /** A usage error for what no queue can have; the upper limits are the leader's to check. */
    private void validate() {
        if (name.isEmpty()) {
            throw usageError("NAME must not be empty");
        }
        if (weight == null && maxRunning == null) {
            throw usageError("give --weight, --max-running or both: what to set");
        }
        // The wire reads weight 0 as 1: refuse it rather than set another weight than the one given.
        if (weight != null && weight < 1) {
            throw usageError("--weight must be at least 1, got " + weight);
        }
        if (maxRunning != null && maxRunning < 0) {
            throw usageError("--max-running must be at least 0 (0: no limit), got " + maxRunning);
        }
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
