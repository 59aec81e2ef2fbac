package dev.workcluster.leader.state;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The task lifecycle: one enum plus the one table of allowed transitions.
 *
 * <pre>
 * SCHEDULED ──run_at──▶ PENDING ──assign──▶ RUNNING ──▶ COMPLETED | ERROR | CANCELLED
 *     │                    │                   │
 *     └──▶ CANCELLED       ├──▶ CANCELLED      └──▶ PENDING (retry after a failed or timed-out
 *                          └──▶ ERROR (not started within schedule_to_start)    attempt, requeue, refused start)
 * </pre>
 */
public enum TaskStatus {
    PENDING(1),
    RUNNING(2),
    COMPLETED(3),
    CANCELLED(4),
    ERROR(5),
    SCHEDULED(6);

    private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED = Map.of(
            SCHEDULED, EnumSet.of(PENDING, CANCELLED),
            PENDING, EnumSet.of(RUNNING, CANCELLED, ERROR),
            RUNNING, EnumSet.of(PENDING, COMPLETED, ERROR, CANCELLED),
            COMPLETED, EnumSet.noneOf(TaskStatus.class),
            CANCELLED, EnumSet.noneOf(TaskStatus.class),
            ERROR, EnumSet.noneOf(TaskStatus.class));

    /** The scheduler.v1.TaskStatus number, also used in snapshots. */
    public final int wireNumber;

    TaskStatus(int wireNumber) {
        this.wireNumber = wireNumber;
    }

    public boolean canMoveTo(TaskStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Finished tasks never change again; they only age out under the retention rules. */
    public boolean isFinished() {
        return ALLOWED.get(this).isEmpty();
    }

    public static TaskStatus fromWireNumber(int number) {
        for (TaskStatus status : values()) {
            if (status.wireNumber == number) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown task status number " + number);
    }
}
