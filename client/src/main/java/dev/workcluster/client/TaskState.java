package dev.workcluster.client;

/**
 * Where a task is in its life: waiting, running, or finished one of three ways.
 *
 * <pre>{@code
 * if (client.get(id).state().isFinished()) { ... }
 * }</pre>
 */
public enum TaskState {
    PENDING,
    RUNNING,
    COMPLETED,
    ERROR,
    CANCELLED;

    /** Whether the task will not run again: completed, failed for good, or cancelled. */
    public boolean isFinished() {
        return this == COMPLETED || this == ERROR || this == CANCELLED;
    }
}
