package dev.workcluster.client;

import dev.workcluster.client.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A task as the cluster stores it.
 *
 * <pre>{@code
 * TaskInfo task = client.get("report-42");
 * System.out.println(task.state() + " attempt " + task.attempt() + "/" + task.maxAttempts());
 * Resize asked = task.payloadAs(Resize.class); // a payload from TaskSpec.ofJson
 * if (!task.warning().isEmpty()) System.out.println("waits in queue " + task.queue() + ": " + task.warning());
 * }</pre>
 *
 * @param workerId   the worker running it, or that ran its last attempt; empty if never started
 * @param result     what the handler returned, when completed
 * @param error      why the last attempt failed, or why the task ended in error
 * @param startedAt  null until a run starts
 * @param finishedAt null until it finishes
 * @param startToClose     its run timeout (its own, or the cluster's default); null: none
 * @param scheduleToStart  how long it may wait to start once due; null: no limit
 * @param heartbeatTimeout how long its handler may go without a heartbeat; null: none
 * @param runAt            when it becomes due (it is SCHEDULED until then); null: when it was created
 * @param selector         which workers may run it, in the cluster's normal form; empty: any worker
 * @param warning          why a PENDING task cannot start now (no alive worker matches its selector, or takes its
 *                         queue); empty otherwise
 * @param queue            the named queue it waits in ({@code "default"} when it was scheduled without one)
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
        Instant finishedAt,
        Duration startToClose,
        Duration scheduleToStart,
        Duration heartbeatTimeout,
        Instant runAt,
        String selector,
        String warning,
        String queue) {

    /** A task with no selector and no warning, of no queue: the components a task had before selectors. */
    public TaskInfo(
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
            Instant finishedAt,
            Duration startToClose,
            Duration scheduleToStart,
            Duration heartbeatTimeout,
            Instant runAt) {
        this(
                id,
                payload,
                priority,
                state,
                workerId,
                attempt,
                maxAttempts,
                result,
                error,
                createdAt,
                startedAt,
                finishedAt,
                startToClose,
                scheduleToStart,
                heartbeatTimeout,
                runAt,
                "",
                "",
                "");
    }

    /** A task of no queue: the components a task had before queues, which code may still name. */
    public TaskInfo(
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
            Instant finishedAt,
            Duration startToClose,
            Duration scheduleToStart,
            Duration heartbeatTimeout,
            Instant runAt,
            String selector,
            String warning) {
        this(
                id,
                payload,
                priority,
                state,
                workerId,
                attempt,
                maxAttempts,
                result,
                error,
                createdAt,
                startedAt,
                finishedAt,
                startToClose,
                scheduleToStart,
                heartbeatTimeout,
                runAt,
                selector,
                warning,
                "");
    }

    /**
     * The payload of a task scheduled with {@link TaskSpec#ofBytes}.
     *
     * @throws IllegalArgumentException the payload is not Base64
     */
    public byte[] payloadBytes() {
        try {
            return Base64.getDecoder().decode(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("payload of task " + id + " is not Base64: " + e.getMessage(), e);
        }
    }

    /**
     * The payload of a task scheduled with {@link TaskSpec#ofJson}, read as a {@code type}.
     *
     * @throws IllegalArgumentException the payload is not JSON for a {@code type}
     * @throws IllegalStateException    Jackson is not on the class path
     */
    public <T> T payloadAs(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return Json.read(payload, type, "payload of task " + id);
    }
}
