package dev.workcluster.client;

/**
 * Where a task is in its life: waiting for its time (SCHEDULED), waiting for a worker (PENDING), running,
 * or finished one of three ways.
 *
 * <pre>{@code
 * if (client.get(id).state().isFinished()) { ... }
 * }</pre>
 */
public enum TaskState {
    /** Waiting for its run-at time; then PENDING. */
    SCHEDULED,
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
