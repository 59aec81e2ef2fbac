package dev.workcluster.cli.ops;

import dev.workcluster.cli.Main;
import dev.workcluster.cli.client.TaskMessages;
import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.output.Json;
import dev.workcluster.client.ClusterUnavailableException;
import dev.workcluster.client.WorkClient;
import dev.workcluster.client.WorkClientException;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code workcluster cancel ID...} (alias {@code remove}): cancels each task in turn,
 * going on past ids the leader refuses; exit 1 if any was refused. A leader that cannot
 * be reached ends the command at once (exit 2).
 */
@Command(
        name = "cancel",
        aliases = "remove",
        mixinStandardHelpOptions = true,
        description = {
            "Cancel tasks: one line per id with its status afterwards.",
            "A task that had already ended keeps its status. Exit 1 if any id was refused (e.g. not found)."
        })
public final class CancelCommand extends ClusterCommand {
    @Parameters(paramLabel = "ID", arity = "1..*", description = "The tasks' ids.")
    List<String> ids;

    @Override
    int run(WorkClient client, PrintWriter out) {
        if (ids.stream().anyMatch(String::isBlank)) {
            throw new ParameterException(spec.commandLine(), "ID must not be empty");
        }
        PrintWriter err = spec.commandLine().getErr();
        GetTasksResponse.Builder cancelled = GetTasksResponse.newBuilder();
        int refused = 0;
        for (String id : ids) {
            Task task;
            try {
                task = TaskMessages.task(client.cancel(id));
            } catch (ClusterUnavailableException e) {
                throw e; // no leader: the ids after this one would fare no better
            } catch (WorkClientException e) {
                refused++;
                err.println("error: " + Main.describe(e));
                err.flush();
                continue;
            }
            cancelled.addTasks(task);
            if (!json()) {
                out.println(id + "  " + HumanText.status(task.getStatus())
                        + (task.getStatus() == TaskStatus.TASK_STATUS_CANCELLED ? "" : " (had already ended)"));
                out.flush();
            }
        }
        if (json()) {
            Json.print(cancelled, out);
        }
        return refused == 0 ? 0 : 1;
    }
}
