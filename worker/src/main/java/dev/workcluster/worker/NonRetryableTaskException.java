package dev.workcluster.worker;

/**
 * Thrown by a {@link TaskHandler} to fail its task at once: the leader records the
 * error and does not retry, whatever attempts the task has left. Any other exception
 * fails only the current attempt.
 */
public class NonRetryableTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the error text recorded on the task
     */
    public NonRetryableTaskException(String message) {
        super(message);
    }

    /**
     * @param message the error text recorded on the task
     * @param cause what went wrong underneath
     */
    public NonRetryableTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
