package dev.workcluster.client;

/**
 * No task has this id (never scheduled, or dropped by the cluster's retention).
 *
 * <pre>{@code
 * try { client.get("nope"); } catch (TaskNotFoundException e) { ... }
 * }</pre>
 */
public final class TaskNotFoundException extends WorkClientException {
    private static final long serialVersionUID = 1L;

    public TaskNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
