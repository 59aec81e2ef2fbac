package dev.workcluster.client;

/**
 * How a finished task ended.
 *
 * <pre>{@code
 * TaskResult done = client.awaitResult(id, Duration.ofMinutes(5)).join();
 * if (done.succeeded()) use(done.result()); else log(done.error());
 * }</pre>
 */
public record TaskResult(String id, TaskState state, String result, String error, int attempts) {
    /** Whether the task completed (its handler returned). */
    public boolean succeeded() {
        return state == TaskState.COMPLETED;
    }

    /** How {@code task}, finished, ended. */
    public static TaskResult of(TaskInfo task) {
        return new TaskResult(task.id(), task.state(), task.result(), task.error(), task.attempt());
    }
}
