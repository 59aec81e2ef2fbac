package dev.workcluster.client;

import java.time.Instant;

/**
 * A task as the cluster stores it.
 *
 * <pre>{@code
 * TaskInfo task = client.get("report-42");
 * System.out.println(task.state() + " attempt " + task.attempt() + "/" + task.maxAttempts());
 * }</pre>
 *
 * @param workerId   the worker running it, or that ran its last attempt; empty if never started
 * @param result     what the handler returned, when completed
 * @param error      why the last attempt failed, or why the task ended in error
 * @param startedAt  null until a run starts
 * @param finishedAt null until it finishes
 */
public record TaskInfo(
        String id,
        String payload,
        TaskPriority priority,
        TaskState state,
        String workerId,
        int attempt,
        int maxAttempts,
        String result,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}
