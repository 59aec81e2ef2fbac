package dev.workcluster.cli.ops;

import dev.workcluster.cli.client.TaskMessages;
import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.output.Json;
import dev.workcluster.cli.output.Table;
import dev.workcluster.client.TaskPage;
import dev.workcluster.client.TaskState;
import dev.workcluster.client.WorkClient;
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
    /**
     * Follows the status of a task the leader warns about (a pending task no alive worker can take), so a
     * listing shows what waits in vain without a column most tasks leave empty.
     */
    static final String WARNED = "!";

    @Option(
            names = "--status",
            paramLabel = "scheduled|pending|running|completed|error|cancelled",
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
    int run(WorkClient client, PrintWriter out) {
        if (limit < 1 || limit > 10_000) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--limit must be between 1 and 10000, got " + limit);
        }
        GetTasksResponse tasks = firstTasks(client);
        if (json()) {
            Json.print(tasks, out);
            return 0;
        }
        long now = System.currentTimeMillis();
        Table table = new Table("ID", "QUEUE", "PRIORITY", "STATUS", "WORKER", "ATTEMPT", "AGE", "ERROR");
        for (Task t : tasks.getTasksList()) {
            table.row(
                    t.getId(),
                    t.getQueue().isEmpty() ? "-" : t.getQueue(),
                    HumanText.priority(t.getPriority()),
                    HumanText.status(t.getStatus()) + (t.getWarning().isEmpty() ? "" : WARNED),
                    t.getWorkerId().isEmpty() ? "-" : t.getWorkerId(),
                    t.getAttempt() + "/" + t.getMaxAttempts(),
                    timing(t, now),
                    HumanText.shorten(t.getError(), 60));
        }
        table.print(out);
        if (tasks.getTasksList().stream().anyMatch(t -> !t.getWarning().isEmpty())) {
            out.println("(" + WARNED + ": no alive worker can take the task; 'workcluster task ID' says why)");
            out.flush();
        }
        if (!tasks.getNextPageToken().isEmpty()) {
            out.println("(more tasks: raise --limit, or filter with --status)");
            out.flush();
        }
        return 0;
    }

    /** The first {@code limit} tasks, page after page, with the token of what follows them (empty: nothing). */
    private GetTasksResponse firstTasks(WorkClient client) {
        TaskState state = status == null ? null : TaskMessages.state(status);
        GetTasksResponse.Builder tasks = GetTasksResponse.newBuilder();
        TaskPage page = null;
        while (tasks.getTasksCount() < limit && (page == null || !page.isLast())) {
            int size = Math.min(limit - tasks.getTasksCount(), WorkClient.MAX_PAGE_SIZE);
            page = client.list(state, page == null ? null : page.next(), size);
            page.tasks().forEach(task -> tasks.addTasks(TaskMessages.task(task)));
        }
        return tasks.setNextPageToken(page.next()).build();
    }

    /** Scheduled: when it is due; pending: waiting for; running: running for; finished: how long it ran. */
    public static String timing(Task t, long now) {
        if (t.getStatus() == TaskStatus.TASK_STATUS_SCHEDULED && t.hasRunAt()) {
            return "due in " + HumanText.duration(Duration.ofMillis(HumanText.millis(t.getRunAt()) - now));
        }
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
