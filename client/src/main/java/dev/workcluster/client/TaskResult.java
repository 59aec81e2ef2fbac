package dev.workcluster.client;

import dev.workcluster.client.internal.Json;
import java.util.Objects;

/**
 * How a finished task ended.
 *
 * <pre>{@code
 * TaskResult done = client.awaitResult(id, Duration.ofMinutes(5)).join();
 * if (done.succeeded()) use(done.result()); else log(done.error());
 * Thumbnail made = done.resultAs(Thumbnail.class); // a handler that returned JSON
 * }</pre>
 */
public record TaskResult(String id, TaskState state, String result, String error, int attempts) {
    /** Whether the task completed (its handler returned). */
    public boolean succeeded() {
        return state == TaskState.COMPLETED;
    }

    /**
     * The result of a completed task whose handler returned JSON, read as a {@code type}.
     *
     * @throws IllegalStateException    the task did not complete (it has no result), or Jackson is
     *                                  not on the class path
     * @throws IllegalArgumentException the result is not JSON for a {@code type}
     */
    public <T> T resultAs(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (!succeeded()) {
            throw new IllegalStateException("task " + id + " ended " + state + ", not COMPLETED: it has no result"
                    + (error == null || error.isEmpty() ? "" : " (error: " + error + ")"));
        }
        return Json.read(result, type, "result of task " + id);
    }

    /** How {@code task}, finished, ended. */
    public static TaskResult of(TaskInfo task) {
        return new TaskResult(task.id(), task.state(), task.result(), task.error(), task.attempt());
    }
}
