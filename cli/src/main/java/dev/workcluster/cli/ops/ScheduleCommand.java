package dev.workcluster.cli.ops;

import dev.workcluster.cli.DurationConverter;
import dev.workcluster.cli.client.TaskMessages;
import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.output.Json;
import dev.workcluster.client.TaskSpec;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code workcluster schedule} (alias {@code add}): schedules one task and prints its id;
 * with {@code --wait}, also waits for it to end and prints its result or error.
 */
@Command(
        name = "schedule",
        aliases = "add",
        mixinStandardHelpOptions = true,
        description = {
            "Schedule a task and print its id (generated when --id is not given: 16 characters of "
                    + "lowercase Crockford base32, time-ordered).",
            "With --wait, wait for the task to end: print its result and exit 0 if it COMPLETED; "
                    + "print its error and exit 1 if it ended in ERROR or was CANCELLED."
        })
public final class ScheduleCommand extends ClusterCommand {
    /** --wait without --wait-timeout: longer than any task runs (the client's timer takes milliseconds). */
    private static final Duration NO_LIMIT = Duration.ofMillis(Long.MAX_VALUE);

    @Option(names = "--id", paramLabel = "ID", description = "The task's id (default: a generated one).")
    String id;

    @Option(names = "--wait", description = "Wait until the task ends; exit 0 only if it COMPLETED.")
    boolean waitForEnd;

    @Option(
            names = "--wait-timeout",
            paramLabel = "DURATION",
            description =
                    "With --wait: give up after this long and exit 1, the task still running (default: no limit). "
                            + "--timeout bounds only each call to the leader.")
    Duration waitTimeout;

    @Mixin
    TaskRunOptions taskOptions;

    @Mixin
    TaskTimingOptions timing;

    @Parameters(paramLabel = "PAYLOAD", description = "What the worker is to do.")
    String payload;

    @Override
    int run(WorkClient client, PrintWriter out) throws InterruptedException {
        validate();
        // A retried submit repeats this id, so the cluster stores the task once.
        TaskSpec task = taskOptions.spec(id == null ? TaskIds.SHARED.next() : id, payload);
        Task stored = TaskMessages.task(client.schedule(timing.applyTo(task, spec.commandLine())));
        if (!waitForEnd) {
            print(stored, out);
            return 0;
        }
        if (!json()) {
            out.println(stored.getId());
            out.flush();
        }
        Task end = awaitEnd(client, stored.getId());
        if (json()) {
            Json.print(end, out);
        } else if (end.getStatus() == TaskStatus.TASK_STATUS_COMPLETED
                && !end.getResult().isEmpty()) {
            out.println(end.getResult());
            out.flush();
        }
        if (end.getStatus() == TaskStatus.TASK_STATUS_COMPLETED) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + failure(end));
        err.flush();
        return 1;
    }

    /**
     * The task once it has ended, or as it is when {@code --wait-timeout} passes first. The client's wait
     * follows leader changes; then the task is read whole (a wait's result carries less than {@code -o json}
     * prints), from the node the client follows: the one that told of the end, unless it failed since.
     */
    private Task awaitEnd(WorkClient client, String taskId) throws InterruptedException {
        try {
            client.awaitResult(taskId, waitTimeout == null ? NO_LIMIT : waitTimeout)
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TimeoutException)) {
                throw e.getCause() instanceof RuntimeException refused
                        ? refused
                        : new IllegalStateException(e.getCause());
            }
        }
        return TaskMessages.task(client.get(taskId));
    }

    private void validate() {
        if (id != null && id.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--id must not be empty");
        }
        if (payload.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "PAYLOAD must not be empty");
        }
        taskOptions.validate(spec.commandLine());
        if (waitTimeout != null && !waitForEnd) {
            throw new ParameterException(spec.commandLine(), "--wait-timeout needs --wait");
        }
    }

    private void print(Task stored, PrintWriter out) {
        if (json()) {
            Json.print(stored, out);
        } else {
            out.println(stored.getId());
            out.flush();
        }
    }

    private String failure(Task end) {
        String quoted = "task '" + end.getId() + "'";
        String error = end.getError().isEmpty() ? "" : ": " + end.getError();
        return switch (end.getStatus()) {
            case TASK_STATUS_ERROR ->
                quoted + " failed (attempt " + end.getAttempt() + "/" + end.getMaxAttempts() + ")" + error;
            case TASK_STATUS_CANCELLED -> quoted + " was cancelled" + error;
            default ->
                quoted + " is still " + HumanText.status(end.getStatus())
                        + (waitTimeout == null
                                ? ""
                                : " after " + DurationConverter.format(waitTimeout) + " (--wait-timeout)");
        };
    }
}
