package dev.workcluster.worker;

/**
 * The user's code: runs one attempt of one task.
 *
 * <p>The library calls {@link #handle} on one of its task threads, at most
 * {@link WorkerOptions#slots()} at a time. Returning ends the attempt successfully
 * and the returned text becomes the task's result ({@code null} counts as {@code ""}).
 * Throwing ends the attempt with an error: the leader retries the task until it has
 * used its maximum attempts, unless the exception is a {@link NonRetryableTaskException},
 * which fails the task at once.
 *
 * <p>Execution is at-least-once: a task whose worker dies is run again elsewhere, so
 * handlers should be idempotent. A handler should also honour cancellation
 * ({@link TaskContext#isCancelled()}, or simply not swallow {@link InterruptedException}):
 * the library interrupts the handler's thread when the task is cancelled or the worker
 * shuts down.
 */
@FunctionalInterface
public interface TaskHandler {

    /**
     * Runs one attempt of a task.
     *
     * @param context the task's id, payload, attempt and cancellation state
     * @return the result text reported to the leader
     * @throws Exception any failure; reported as this attempt's error
     */
    String handle(TaskContext context) throws Exception;
}
