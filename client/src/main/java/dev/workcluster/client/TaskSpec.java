package dev.workcluster.client;

import dev.workcluster.client.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * What to run: a payload, and optionally an id, a priority and a bound on attempts. A spec
 * without an id gets a random one when it is made, so every retry of its submit carries the
 * same id and the cluster stores it once.
 *
 * <pre>{@code
 * TaskSpec spec = TaskSpec.of("resize photo-17.jpg").withId("resize-17").withMaxAttempts(5);
 * TaskSpec binary = TaskSpec.ofBytes(thumbnailRequest.toByteArray());
 * TaskSpec json = TaskSpec.ofJson(new Resize("photo-17.jpg", 640)); // needs jackson-databind
 * }</pre>
 *
 * @param maxAttempts 0 leaves it to the cluster's default
 */
public record TaskSpec(String id, String payload, TaskPriority priority, int maxAttempts) {
    public TaskSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(priority, "priority");
        if (maxAttempts < 0) {
            throw new IllegalArgumentException(
                    "maxAttempts must be >= 0 (0: the cluster's default), got " + maxAttempts);
        }
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
        return new TaskSpec(newId, payload, priority, maxAttempts);
    }

    public TaskSpec withPriority(TaskPriority newPriority) {
        return new TaskSpec(id, payload, newPriority, maxAttempts);
    }

    public TaskSpec withMaxAttempts(int attempts) {
        return new TaskSpec(id, payload, priority, attempts);
    }

    /** The payload of a spec made with {@link #ofBytes}. */
    public byte[] payloadBytes() {
        return Base64.getDecoder().decode(payload.getBytes(StandardCharsets.US_ASCII));
    }
}
