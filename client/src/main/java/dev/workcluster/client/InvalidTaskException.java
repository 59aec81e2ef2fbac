package dev.workcluster.client;

/**
 * The cluster refused the request as it is: a bad id, payload or queue name, a bad queue setting, a limit
 * exceeded (the message names the limit), or a caller whose role does not allow the call.
 *
 * <pre>{@code
 * try { client.schedule(TaskSpec.of(hugePayload)); } catch (InvalidTaskException e) { log(e.getMessage()); }
 * }</pre>
 */
public final class InvalidTaskException extends WorkClientException {
    private static final long serialVersionUID = 1L;

    public InvalidTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
