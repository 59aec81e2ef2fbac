package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.StateChanges;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery follows the applied state, not the fate of a proposal's future: a future can
 * fail (a timeout, a step-down) while its entry still commits. Every applied entry is
 * searched for the runs it started, and each is handed to {@link WorkerDeliveries} on the
 * leader, whoever proposed it and whatever its future said.
 *
 * <p>The starts are sent from the apply thread itself, in apply order: sending only
 * serialises a message and queues it on the session's network thread, which costs less
 * than handing the batch to another thread would.
 */
public final class AppliedAssignments {
    private static final Logger log = LoggerFactory.getLogger(AppliedAssignments.class);

    private final WorkerDeliveries deliveries;
    private final BooleanSupplier dispatching;

    /** {@code dispatching}: whether this node holds the leader's duties now (followers deliver nothing). */
    public AppliedAssignments(WorkerDeliveries deliveries, BooleanSupplier dispatching) {
        this.deliveries = deliveries;
        this.dispatching = dispatching;
    }

    /** Called under the state's write lock, right after an entry was applied: collects and sends. */
    public void applied(ClusterState state, StateChanges changes) {
        if (!dispatching.getAsBoolean() || changes.tasks().isEmpty()) {
            return;
        }
        List<Assignment> started = new ArrayList<>();
        for (String taskId : changes.tasks()) {
            TaskRecord task = state.task(taskId);
            // The only way into RUNNING is an assignment: a changed task that runs was just assigned.
            if (task != null && task.status() == TaskStatus.RUNNING) {
                MemberRecord member = state.member(task.memberId());
                if (member != null) {
                    started.add(of(task, member));
                }
            }
        }
        if (started.isEmpty()) {
            return;
        }
        try {
            deliveries.deliverAll(started);
        } catch (RuntimeException e) {
            // a failed send must not fail the apply; reconciliation restarts what did not arrive
            log.warn("event=delivery_failed runs={} error={}", started.size(), e.toString());
        }
    }

    /** The assignment a task's current run stands for. */
    static Assignment of(TaskRecord task, MemberRecord member) {
        return new Assignment(
                task.id(),
                task.payload(),
                task.attempt(),
                task.assignment(),
                task.maxAttempts(),
                member.id(),
                member.transport(),
                member.address(),
                task.timing().heartbeatTimeoutMillis());
    }
}
