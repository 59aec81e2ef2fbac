package dev.workcluster.client;

/**
 * The order pending tasks start in: higher first, then oldest first.
 *
 * <pre>{@code
 * TaskSpec urgent = TaskSpec.of("rebuild index").withPriority(TaskPriority.HIGH);
 * }</pre>
 */
public enum TaskPriority {
    /**
     * None was given (grpcurl's and the CLI's default): the task starts with the {@link #LOW} ones, and reads back
     * as UNSPECIFIED, as the cluster stores it.
     */
    UNSPECIFIED,
    LOW,
    MEDIUM,
    HIGH
}
