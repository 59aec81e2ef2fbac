package dev.workcluster.client;

/**
 * The order pending tasks start in: higher first, then oldest first.
 *
 * <pre>{@code
 * TaskSpec urgent = TaskSpec.of("rebuild index").withPriority(TaskPriority.HIGH);
 * }</pre>
 */
public enum TaskPriority {
    LOW,
    MEDIUM,
    HIGH
}
