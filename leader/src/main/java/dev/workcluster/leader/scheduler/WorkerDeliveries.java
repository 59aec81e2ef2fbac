package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.cluster.WorkerSessions;
import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.Transport;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.ReleaseTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets committed assignments to workers and cancels to them, over either
 * transport, and keeps the soft state that goes with it: push workers that
 * refused a start are paused until they report idle.
 */
public final class WorkerDeliveries {
    private static final Logger log = LoggerFactory.getLogger(WorkerDeliveries.class);

    private final GuardedState state;
    private final Proposer proposer;
    private final PushWorkerClients pushWorkers;
    private final Delivery push;
    private final Delivery stream;
    private final Duration startWorkTimeout;
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    private volatile Runnable onResume = () -> { };

    public WorkerDeliveries(GuardedState state, Proposer proposer, PushWorkerClients pushWorkers,
                            WorkerSessions sessions, Duration startWorkTimeout) {
        this.state = state;
        this.proposer = proposer;
        this.pushWorkers = pushWorkers;
        this.push = new PushDelivery(pushWorkers);
        this.stream = new StreamDelivery(sessions);
        this.startWorkTimeout = startWorkTimeout;
    }

    /** Called when a paused member may take work again (the dispatcher looks again). */
    void onResume(Runnable listener) {
        this.onResume = listener;
    }

    boolean reachable(MemberRecord member) {
        return !paused.contains(member.id()) && delivery(member.transport()).canReceive(member);
    }

    public void pause(String memberId) {
        paused.add(memberId);
    }

    public void resume(String memberId) {
        if (paused.remove(memberId)) {
            onResume.run();
        }
    }

    public boolean isPaused(String memberId) {
        return paused.contains(memberId);
    }

    /** The member expired: no soft state survives it. */
    public void forget(String memberId) {
        paused.remove(memberId);
    }

    /** The member left: also drop the channel to its WorkerService, if it had one. */
    public void left(String memberId, String address) {
        forget(memberId);
        if (!address.isEmpty()) {
            pushWorkers.forget(address);
        }
    }

    /**
     * Sends StartWork for a committed assignment. A cancel may have committed since
     * the plan; such a run is not started, and one cancelled while its StartWork was
     * in flight is stopped as soon as the worker took it.
     */
    void deliver(Assignment a) {
        if (!isCurrent(a)) {
            return;
        }
        CompletableFuture<Boolean> started;
        try {
            started = delivery(a.transport()).start(a);
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((accepted, error) -> {
            if (error == null && Boolean.TRUE.equals(accepted)) {
                if (!isCurrent(a)) {
                    stopWork(a.memberId(), a.address(), a.taskId(), a.attempt(), a.assignment(), "cancelled while starting");
                }
                return;
            }
            log.info("event=start_work_refused task={} member={} attempt={} reason={}", a.taskId(), a.memberId(),
                    a.attempt(), error == null ? "success=false" : error.getMessage());
            if (a.transport() == Transport.PUSH) {
                pause(a.memberId());
            }
            release(a.taskId(), a.memberId(), a.attempt(), a.assignment());
        });
    }

    /** Tells a worker to stop a run that is no longer its to finish. Best effort. */
    public void stopWork(String memberId, String address, String taskId, int attempt, int assignment, String reason) {
        Transport transport = state.read(s -> {
            MemberRecord member = s.member(memberId);
            return member == null ? null : member.transport();
        });
        if (transport != null) {
            delivery(transport).stop(memberId, address, taskId, attempt, assignment, reason);
        }
    }

    /**
     * A push worker says it runs nothing. Runs the state still gives it, assigned longer
     * ago than a StartWork may take, never reached it or were lost (the leader died before
     * sending StartWork, or the worker's TaskComplete failed while the leader was down):
     * they go back to the queue, as a refused start would.
     */
    public void reportedIdle(String memberId) {
        resume(memberId);
        long assignedBefore = proposer.clock().millis() - startWorkTimeout.toMillis();
        List<TaskRecord> lost = state.read(s -> {
            MemberRecord member = s.member(memberId);
            List<TaskRecord> runs = new ArrayList<>();
            for (String taskId : member == null ? List.<String>of() : member.runningTaskIds()) {
                TaskRecord task = s.task(taskId);
                if (task != null && task.startedMillis() < assignedBefore) {
                    runs.add(task);
                }
            }
            return runs;
        });
        for (TaskRecord task : lost) {
            log.info("event=idle_worker_released_task task={} member={} attempt={}", task.id(), memberId, task.attempt());
            release(task.id(), memberId, task.attempt(), task.assignment());
        }
    }

    private void release(String taskId, String memberId, int attempt, int assignment) {
        proposer.propose(Command.newBuilder().setReleaseTask(ReleaseTask.newBuilder()
                .setTaskId(taskId).setMemberId(memberId).setAttempt(attempt).setAssignment(assignment)));
    }

    private boolean isCurrent(Assignment a) {
        return state.read(s -> {
            TaskRecord task = s.task(a.taskId());
            return task != null && task.memberId().equals(a.memberId()) && task.isCurrentRun(a.attempt(), a.assignment());
        });
    }

    private Delivery delivery(Transport transport) {
        return transport == Transport.STREAM ? stream : push;
    }
}
