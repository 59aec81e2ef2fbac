package dev.workcluster.client;

import dev.workcluster.client.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * What to run: a payload, and optionally an id, a priority, a bound on attempts, timeouts, a time to
 * start, the workers it may run on and the named queue it waits in. A spec without an id gets a random one
 * when it is made, so every retry of its submit carries the same id and the cluster stores it once.
 *
 * <pre>{@code
 * TaskSpec spec = TaskSpec.of("resize photo-17.jpg").withId("resize-17").withMaxAttempts(5);
 * TaskSpec binary = TaskSpec.ofBytes(thumbnailRequest.toByteArray());
 * TaskSpec json = TaskSpec.ofJson(new Resize("photo-17.jpg", 640)); // needs jackson-databind
 * TaskSpec bounded = spec.withStartToClose(Duration.ofMinutes(5)).withHeartbeatTimeout(Duration.ofSeconds(30));
 * TaskSpec tonight = spec.withRunAt(Instant.parse("2026-12-24T18:00:00Z")); // or .withDelay(Duration.ofMinutes(10))
 * TaskSpec onGpu = spec.withSelector("gpu=true,zone in (eu-1,eu-2)");
 * TaskSpec mail = spec.withQueue("emails"); // runs on a worker that takes the queue "emails"
 * }</pre>
 *
 * The cluster checks the timing (each timeout from 1 ms to 30 days, a run_at at most 365 days ahead and at most
 * 5 minutes in the past) and refuses a spec outside it with {@link InvalidTaskException}.
 *
 * @param maxAttempts      0 leaves it to the cluster's default
 * @param startToClose     a run that lasts longer is stopped and counts as a failed attempt; null: the cluster's
 *                         default ({@code --default-task-timeout}, none unless set)
 * @param scheduleToStart  the task ends in ERROR if no worker starts it this long after it is due; null: no limit
 * @param heartbeatTimeout a run whose handler calls {@code TaskContext.heartbeat()} less often is treated like one
 *                         over its start-to-close timeout; null: none
 * @param runAt            the task waits SCHEDULED until then; null: it may start at once
 * @param delay            instead of {@code runAt}: this long after the cluster receives it (by the leader's clock)
 * @param selector         which workers may run it, by their labels: comma-separated requirements that must all
 *                         hold ({@code key=value}, {@code key!=value}, {@code key in (a,b)}, {@code key notin (a,b)},
 *                         {@code key}, {@code !key}); empty: any worker. The cluster checks it.
 * @param queue            the named queue it waits in: 1 to 63 letters, digits and {@code . _ -}; empty: the queue
 *                         named {@code "default"}. Only a worker that takes this queue runs it. The cluster checks it.
 */
public record TaskSpec(
        String id,
        String payload,
        TaskPriority priority,
        int maxAttempts,
        Duration startToClose,
        Duration scheduleToStart,
        Duration heartbeatTimeout,
        Instant runAt,
        Duration delay,
        String selector,
        String queue) {
    public TaskSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(queue, "queue");
        if (maxAttempts < 0) {
            throw new IllegalArgumentException(
                    "maxAttempts must be >= 0 (0: the cluster's default), got " + maxAttempts);
        }
        requirePositive("startToClose", startToClose);
        requirePositive("scheduleToStart", scheduleToStart);
        requirePositive("heartbeatTimeout", heartbeatTimeout);
        requirePositive("delay", delay);
        if (runAt != null && delay != null) {
            throw new IllegalArgumentException(
                    "give runAt or delay, not both (runAt " + runAt + ", delay " + delay + ")");
        }
    }

    /** What to run, on any worker, in the default queue, with no timeouts of its own and no time to wait for. */
    public TaskSpec(String id, String payload, TaskPriority priority, int maxAttempts) {
        this(id, payload, priority, maxAttempts, null, null, null, null, null, "", "");
    }

    /**
     * What to run, on any worker, in the default queue: the components a spec had before selectors, which code may
     * still name.
     */
    public TaskSpec(
            String id,
            String payload,
            TaskPriority priority,
            int maxAttempts,
            Duration startToClose,
            Duration scheduleToStart,
            Duration heartbeatTimeout,
            Instant runAt,
            Duration delay) {
        this(id, payload, priority, maxAttempts, startToClose, scheduleToStart, heartbeatTimeout, runAt, delay, "", "");
    }

    /** What to run, in the default queue: the components a spec had before queues, which code may still name. */
    public TaskSpec(
            String id,
            String payload,
            TaskPriority priority,
            int maxAttempts,
            Duration startToClose,
            Duration scheduleToStart,
            Duration heartbeatTimeout,
            Instant runAt,
            Duration delay,
            String selector) {
        this(
                id,
                payload,
                priority,
                maxAttempts,
                startToClose,
                scheduleToStart,
                heartbeatTimeout,
                runAt,
                delay,
                selector,
                "");
    }

    /** A task with this text as its payload, a random id, medium priority and the cluster's default attempts. */
    public static TaskSpec of(String payload) {
        return new TaskSpec(UUID.randomUUID().toString(), payload, TaskPriority.MEDIUM, 0);
    }

    /** A task whose payload is these bytes, Base64-encoded (the wire carries text); see {@link #payloadBytes()}. */
    public static TaskSpec ofBytes(byte[] payload) {
        return of(Base64.getEncoder().encodeToString(payload));
    }

    /**
     * A task whose payload is {@code value} as JSON (Jackson's default mapping, with the Jackson
     * modules on the class path); read it back with {@link TaskInfo#payloadAs}. Jackson
     * ({@code com.fasterxml.jackson.core:jackson-databind}) is an optional dependency: only the
     * JSON helpers need it.
     *
     * @throws IllegalArgumentException Jackson cannot write {@code value}
     * @throws IllegalStateException    Jackson is not on the class path
     */
    public static TaskSpec ofJson(Object value) {
        Objects.requireNonNull(value, "value");
        return of(Json.write(value));
    }

    public TaskSpec withId(String newId) {
        return new TaskSpec(
                newId,
                payload,
                priority,
                maxAttempts,
                startToClose,
                scheduleToStart,
                heartbeatTimeout,
                runAt,
                delay,
                selector,
                queue);
    }

    public TaskSpec withPriority(TaskPriority newPriority) {
        return new TaskSpec(
                id,
                payload,
                newPriority,
                maxAttempts,
                startToClose,
                scheduleToStart,
                heartbeatTimeout,
                runAt,
                delay,
                selector,
                queue);
    }

    public TaskSpec withMaxAttempts(int attempts) {
        return new TaskSpec(
                id,
                payload,
                priority,
                attempts,
                startToClose,
                scheduleToStart,
                heartbeatTimeout,
                runAt,
                delay,
                selector,
                queue);
    }

    /** A run that lasts longer is stopped and counts as a failed attempt (retried while attempts remain). */
    public TaskSpec withStartToClose(Duration timeout) {
        return new TaskSpec(
                id,
                payload,
                priority,
                maxAttempts,
                timeout,
                scheduleToStart,
                heartbeatTimeout,
                runAt,
                delay,
                selector,
                queue);
    }

    /** The task ends in ERROR ("not started within ...") if no worker starts it this long after it is due. */
    public TaskSpec withScheduleToStart(Duration timeout) {
        return new TaskSpec(
                id,
                payload,
                priority,
                maxAttempts,
                startToClose,
                timeout,
                heartbeatTimeout,
                runAt,
                delay,
                selector,
                queue);
    }

    /** A run whose handler goes longer without {@code TaskContext.heartbeat()} is stopped like one over its time. */
    public TaskSpec withHeartbeatTimeout(Duration timeout) {
        return new TaskSpec(
                id,
                payload,
                priority,
                maxAttempts,
                startToClose,
                scheduleToStart,
                timeout,
                runAt,
                delay,
                selector,
                queue);
    }

    /** The task waits (SCHEDULED) until {@code time}; replaces a delay. */
    public TaskSpec withRunAt(Instant time) {
        return new TaskSpec(
                id,
                payload,
                priority,
                maxAttempts,
                startToClose,
                scheduleToStart,
                heartbeatTimeout,
                time,
                null,
                selector,
                queue);
    }

    /** The task waits (SCHEDULED) this long after the cluster receives it; replaces a run-at time. */
    public TaskSpec withDelay(Duration wait) {
        return new TaskSpec(
                id,
                payload,
                priority,
                maxAttempts,
                startToClose,
                scheduleToStart,
                heartbeatTimeout,
                null,
                wait,
                selector,
                queue);
    }

    /**
     * Only a worker whose labels meet {@code requirements} may run the task, e.g. {@code gpu=true,zone!=us};
     * empty: any worker. The cluster refuses a malformed one with {@link InvalidTaskException}.
     */
    public TaskSpec withSelector(String requirements) {
        return new TaskSpec(
                id,
                payload,
                priority,
                maxAttempts,
                startToClose,
                scheduleToStart,
                heartbeatTimeout,
                runAt,
                delay,
                requirements,
                queue);
    }

    /**
     * The task waits in the named queue {@code name} and runs only on a worker that takes it (a worker takes every
     * queue unless it names some: {@code WorkerOptions.Builder.setQueues}, {@code workcluster worker --queue});
     * empty: the queue named {@code "default"}. A name is 1 to 63 letters, digits and {@code . _ -}; the cluster
     * refuses another with {@link InvalidTaskException}.
     *
     * <pre>{@code
     * client.schedule(TaskSpec.of("send welcome mail to 17").withQueue("emails"));
     * }</pre>
     */
    public TaskSpec withQueue(String name) {
        return new TaskSpec(
                id,
                payload,
                priority,
                maxAttempts,
                startToClose,
                scheduleToStart,
                heartbeatTimeout,
                runAt,
                delay,
                selector,
                name);
    }

    /** The payload of a spec made with {@link #ofBytes}. */
    public byte[] payloadBytes() {
        return Base64.getDecoder().decode(payload.getBytes(StandardCharsets.US_ASCII));
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(name + " must be longer than zero (null: none), got " + value);
        }
    }
}
