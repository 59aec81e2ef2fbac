package dev.workcluster.client;

/**
 * A task with this id exists with a different payload. (The same id with the same payload is not
 * an error: the submit is idempotent and returns the stored task.)
 *
 * <pre>{@code
 * try { client.schedule(spec); } catch (TaskAlreadyExistsException e) { TaskInfo stored = e.stored(); }
 * }</pre>
 */
public final class TaskAlreadyExistsException extends WorkClientException {
    private static final long serialVersionUID = 1L;
    private final transient TaskInfo stored;

    public TaskAlreadyExistsException(String message, TaskInfo stored, Throwable cause) {
        super(message, cause);
        this.stored = stored;
    }

    /** The task the cluster holds under that id; null if it could not be read. */
    public TaskInfo stored() {
        return stored;
    }
}
