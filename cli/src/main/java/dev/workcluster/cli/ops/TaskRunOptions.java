package dev.workcluster.cli.ops;

import dev.workcluster.cli.client.TaskMessages;
import dev.workcluster.client.TaskPriority;
import dev.workcluster.client.TaskSpec;
import dev.workcluster.proto.scheduler.v1.Task;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that say how a task runs: its priority, its attempts, how long it may wait and run, which
 * workers may run it and the named queue it waits in. {@code schedule} gives them to its one task,
 * {@code schedules create} to every task its schedule fires, so the two commands spell them alike. The run
 * timeout is {@code --task-timeout}: {@code --timeout} already bounds every call to the leader.
 */
public final class TaskRunOptions {
    @Option(
            names = "--priority",
            paramLabel = "low|medium|high",
            converter = TaskPriorityConverter.class,
            description = "HIGH runs before MEDIUM before LOW (default: unspecified, which counts as low).")
    TaskPriority priority;

    @Option(
            names = "--max-attempts",
            paramLabel = "N",
            description = "Run the task at most N times, N >= 1 (default: the leader's).")
    Integer maxAttempts;

    @Option(
            names = "--task-timeout",
            paramLabel = "DURATION",
            description = "Stop a run that takes longer and count it as a failed attempt, retried under "
                    + "--max-attempts; the error reads 'timed out after DURATION' (default: the leader's "
                    + "--default-task-timeout, none unless set). Up to 30 days.")
    Duration taskTimeout;

    @Option(
            names = "--start-within",
            paramLabel = "DURATION",
            description = "End the task in ERROR ('not started within DURATION') if no worker starts it that long "
                    + "after it is due (default: no limit). Up to 30 days.")
    Duration startWithin;

    @Option(
            names = "--heartbeat-timeout",
            paramLabel = "DURATION",
            description = "Stop a run whose handler reports no progress (TaskContext.heartbeat()) for that long, "
                    + "as one over --task-timeout (default: none). Up to 30 days.")
    Duration heartbeatTimeout;

    @Option(
            names = "--selector",
            paramLabel = "EXPR",
            description = "Run only on a worker whose labels (worker --label) meet every comma-separated "
                    + "requirement: key=value, key!=value, 'key in (a,b)', 'key notin (a,b)', key (set) or !key "
                    + "(not set), e.g. gpu=true (default: any worker).")
    String selector;

    @Option(
            names = "--queue",
            paramLabel = "NAME",
            description = "The named queue the task waits in: 1 to 63 letters, digits and . _ -; only a worker that "
                    + "takes it runs the task (worker --queue), and queues share the free slots by weight "
                    + "(queues set) (default: the queue named default).")
    String queue;

    /** A usage error for what no task can have; the limits the leader sets are the leader's to check. */
    void validate(CommandLine commandLine) {
        if (maxAttempts != null && maxAttempts < 1) {
            throw new ParameterException(commandLine, "--max-attempts must be at least 1, got " + maxAttempts);
        }
        if (queue != null && queue.isEmpty()) {
            // The wire reads an empty queue as the default one: say so rather than put the task there unasked.
            throw new ParameterException(commandLine, "--queue must not be empty (leave it out for the default queue)");
        }
    }

    /** One task with these options. */
    TaskSpec spec(String id, String payload) {
        TaskSpec spec = new TaskSpec(
                id,
                payload,
                priority == null ? TaskPriority.UNSPECIFIED : priority,
                maxAttempts == null ? 0 : maxAttempts);
        if (taskTimeout != null) {
            spec = spec.withStartToClose(taskTimeout);
        }
        if (startWithin != null) {
            spec = spec.withScheduleToStart(startWithin);
        }
        if (selector != null) {
            spec = spec.withSelector(selector);
        }
        if (queue != null) {
            spec = spec.withQueue(queue);
        }
        return heartbeatTimeout == null ? spec : spec.withHeartbeatTimeout(heartbeatTimeout);
    }

    /** The task a schedule's firings repeat: no id and no time of its own, the schedule gives both. */
    Task template(String payload) {
        Task.Builder task = Task.newBuilder().setPayload(payload);
        if (priority != null) {
            task.setPriority(TaskMessages.priority(priority));
        }
        if (maxAttempts != null) {
            task.setMaxAttempts(maxAttempts);
        }
        if (taskTimeout != null) {
            task.setStartToClose(TaskMessages.duration(taskTimeout));
        }
        if (startWithin != null) {
            task.setScheduleToStart(TaskMessages.duration(startWithin));
        }
        if (heartbeatTimeout != null) {
            task.setHeartbeatTimeout(TaskMessages.duration(heartbeatTimeout));
        }
        if (selector != null) {
            task.setSelector(selector);
        }
        if (queue != null) {
            task.setQueue(queue);
        }
        return task.build();
    }
}
