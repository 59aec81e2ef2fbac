package dev.workcluster.cli.ops;

import dev.workcluster.cli.client.LeaderClient;
import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.output.Json;
import dev.workcluster.cli.output.Table;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code workcluster tasks}: tasks in arrival order, optionally of one status. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List tasks, oldest first.")
public final class TasksCommand extends ClusterCommand {
    @Option(
            names = "--status",
            paramLabel = "pending|running|completed|error|cancelled",
            converter = TaskStatusConverter.class,
            description = "Only tasks in this status.")
    TaskStatus status;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "Show at most N tasks, 1-10000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(LeaderClient client, PrintWriter out) {
        if (limit < 1 || limit > 10_000) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--limit must be between 1 and 10000, got " + limit);
        }
        GetTasksRequest.Builder request = GetTasksRequest.newBuilder().setPageSize(limit);
        if (status != null) {
            request.setStatus(status);
        }
        GetTasksResponse tasks = client.scheduler(stub -> stub.getTasks(request.build()));
        if (json()) {
            Json.print(tasks, out);
            return 0;
        }
        long now = System.currentTimeMillis();
        Table table = new Table("ID", "PRIORITY", "STATUS", "WORKER", "ATTEMPT", "AGE", "ERROR");
        for (Task t : tasks.getTasksList()) {
            table.row(
                    t.getId(),
                    HumanText.priority(t.getPriority()),
                    HumanText.status(t.getStatus()),
                    t.getWorkerId().isEmpty() ? "-" : t.getWorkerId(),
                    t.getAttempt() + "/" + t.getMaxAttempts(),
                    timing(t, now),
                    HumanText.shorten(t.getError(), 60));
        }
        table.print(out);
        if (!tasks.getNextPageToken().isEmpty()) {
            out.println("(more tasks: raise --limit, or filter with --status)");
            out.flush();
        }
        return 0;
    }

    /** Pending: waiting for; running: running for; finished: how long it ran. */
    public static String timing(Task t, long now) {
        if (t.hasFinishedAt() && t.hasStartedAt()) {
            return "ran "
                    + HumanText.duration(Duration.ofMillis(
                            HumanText.millis(t.getFinishedAt()) - HumanText.millis(t.getStartedAt())));
        }
        if (t.getStatus() == TaskStatus.TASK_STATUS_RUNNING && t.hasStartedAt()) {
            return "running " + HumanText.age(t.getStartedAt(), now);
        }
        return HumanText.age(t.getCreatedAt(), now);
    }
}
