package dev.workcluster.worker;

/**
 * Thrown by {@link TaskContext#throwIfCancelled()} when the attempt was cancelled.
 * Handlers let it propagate; the library reports nothing for a cancelled attempt.
 */
public class TaskCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was cancelled
     */
    public TaskCancelledException(String message) {
        super(message);
    }
}
