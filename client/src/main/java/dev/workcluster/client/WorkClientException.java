package dev.workcluster.client;

/**
 * A call the cluster refused or could not answer; the subclasses say which kind.
 *
 * <pre>{@code
 * try { client.cancel(id); } catch (TaskNotFoundException e) { ... } catch (WorkClientException e) { ... }
 * }</pre>
 */
public class WorkClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
