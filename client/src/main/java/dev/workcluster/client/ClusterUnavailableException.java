package dev.workcluster.client;

/**
 * No node answered in time, or none could take writes (no quorum), through every retry the
 * call's deadline allowed. A submit that ends this way may or may not have been stored:
 * schedule the same spec again (same id) once the cluster is back, and it is stored once.
 *
 * <pre>{@code
 * try { client.schedule(spec); } catch (ClusterUnavailableException e) { retryLater(spec); }
 * }</pre>
 */
public final class ClusterUnavailableException extends WorkClientException {
    private static final long serialVersionUID = 1L;

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
