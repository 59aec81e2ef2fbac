package dev.workcluster.cli.handlers;

/**
 * A retryable failure of a built-in handler. The worker library records a retryable
 * failure as the exception's {@code toString()}; this one prints only its message so the
 * task's error reads "exit 3 ..." rather than a Java class name.
 */
final class TaskFailure extends Exception {
    private static final long serialVersionUID = 1L;

    TaskFailure(String message) {
        super(message);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
