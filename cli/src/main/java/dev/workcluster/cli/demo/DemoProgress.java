package dev.workcluster.cli.demo;

import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** What the demo waits for, learnt from the same watch feed the display shows. */
final class DemoProgress implements Consumer<WatchTasksResponse> {
    private final Set<String> planned;
    private final Map<String, Task> tasks = new HashMap<>();
    private final Set<String> alive = new HashSet<>();
    private boolean watching;
    private boolean aborted;

    DemoProgress(DemoPlan plan) {
        this.planned =
                Set.copyOf(plan.tasks().stream().map(DemoPlan.Planned::id).toList());
    }

    @Override
    public synchronized void accept(WatchTasksResponse event) {
        switch (event.getEventCase()) {
            case SNAPSHOT_COMPLETE -> watching = true;
            case TASK -> {
                if (planned.contains(event.getTask().getId())) {
                    tasks.put(event.getTask().getId(), event.getTask());
                }
            }
            case MEMBER -> {
                if (event.getMember().getState() == MemberState.MEMBER_STATE_ALIVE) {
                    alive.add(event.getMember().getId());
                } else {
                    alive.remove(event.getMember().getId());
                }
            }
            case REMOVED_MEMBER_ID -> alive.remove(event.getRemovedMemberId());
            default -> {}
        }
        notifyAll();
    }

    synchronized boolean watching() {
        return watching;
    }

    synchronized int membersAlive() {
        return alive.size();
    }

    synchronized boolean running(String id) {
        Task task = tasks.get(id);
        return task != null && task.getStatus() == TaskStatus.TASK_STATUS_RUNNING;
    }

    synchronized int finished() {
        return (int)
                tasks.values().stream().filter(t -> isFinished(t.getStatus())).count();
    }

    synchronized boolean allFinished() {
        return finished() == planned.size();
    }

    static boolean isFinished(TaskStatus status) {
        return status == TaskStatus.TASK_STATUS_COMPLETED
                || status == TaskStatus.TASK_STATUS_ERROR
                || status == TaskStatus.TASK_STATUS_CANCELLED;
    }

    /** Ctrl-C: every wait gives up at once. */
    synchronized void abort() {
        aborted = true;
        notifyAll();
    }

    /** Waits until {@code condition} holds; false on timeout or abort. */
    synchronized boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (aborted || left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
