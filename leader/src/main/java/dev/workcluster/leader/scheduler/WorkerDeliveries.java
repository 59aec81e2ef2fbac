package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.cluster.WorkerSessions;
import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.Transport;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.ReleaseTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final StreamDelivery stream;
    private final Duration startWorkTimeout;
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    /** Tasks whose StartWork call to a push worker has not been answered yet, and its answer. */
    private final Map<String, CompletableFuture<Boolean>> pushStartsInFlight = new ConcurrentHashMap<>();

    private volatile Runnable onResume = () -> {};

    public WorkerDeliveries(
            GuardedState state,
            Proposer proposer,
            PushWorkerClients pushWorkers,
            WorkerSessions sessions,
            Duration startWorkTimeout) {
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

    /** Leadership lost: the next leader starts without this node's soft state. */
    public void forgetAll() {
        paused.clear();
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
     * Sends the start of an applied assignment. A cancel may have applied since; such a
     * run is not started, and one cancelled while its start was on its way is stopped as
     * soon as the worker took it. What happens when the worker does not take it depends
     * on what is known: a stream that was closed, or a push worker that answered
     * success=false, never took it (back to the queue, no attempt used); a push call that
     * failed or timed out may have started it, so the run stays the worker's until the
     * worker says otherwise (it reports idle, or expires), and never runs elsewhere meanwhile.
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
        if (a.transport() == Transport.PUSH && !started.isDone()) {
            CompletableFuture<Boolean> call = started;
            pushStartsInFlight.put(a.taskId(), call);
            call.whenComplete((accepted, error) -> pushStartsInFlight.remove(a.taskId(), call));
        }
        started.whenComplete((accepted, error) -> afterStart(a, accepted, error));
    }

    /**
     * Completes once the task's StartWork call to a push worker (if one is on its way) is
     * answered, however. The seed's workers report completions without an attempt: one that
     * arrives while the current run's start is unanswered may be a late report of an earlier
     * run, and recording it at once would let that start run a task already finished. Recorded
     * after the answer, it finishes the task after the current run began, whichever run it is about.
     */
    public CompletableFuture<Void> afterPushStart(String taskId) {
        CompletableFuture<Boolean> call = pushStartsInFlight.get(taskId);
        return call == null ? CompletableFuture.completedFuture(null) : call.handle((accepted, error) -> null);
    }

    /**
     * The runs one applied entry started. A library worker whose session takes batches gets
     * its starts in one message; everything else goes one by one ({@link #deliver}).
     */
    void deliverAll(List<Assignment> runs) {
        Map<String, List<Assignment>> streamed = new LinkedHashMap<>();
        for (Assignment a : runs) {
            if (a.transport() == Transport.STREAM) {
                streamed.computeIfAbsent(a.memberId(), id -> new ArrayList<>()).add(a);
            } else {
                deliver(a);
            }
        }
        streamed.forEach((memberId, starts) -> {
            if (starts.size() > 1 && stream.takesBatches(memberId)) {
                List<Assignment> current = state.read(
                        s -> starts.stream().filter(a -> isCurrentIn(s, a)).toList());
                boolean sent = stream.startAll(memberId, current);
                current.forEach(a -> afterStart(a, sent, null));
            } else {
                starts.forEach(this::deliver);
            }
        });
    }

    private void afterStart(Assignment a, Boolean accepted, Throwable error) {
        if (error == null && Boolean.TRUE.equals(accepted)) {
            if (!isCurrent(a)) {
                stopWork(
                        a.memberId(), a.address(), a.taskId(), a.attempt(), a.assignment(), "cancelled while starting");
            }
            return;
        }
        if (a.transport() == Transport.PUSH) {
            pause(a.memberId());
        }
        if (error != null && a.transport() == Transport.PUSH) {
            TaskLog.about(log.atWarn(), a.taskId(), a.attempt(), a.assignment())
                    .log("event=start_work_unconfirmed {} member={} error={}", a.memberId(), error.getMessage());
            return;
        }
        TaskLog.about(log.atInfo(), a.taskId(), a.attempt(), a.assignment())
                .log(
                        "event=start_work_refused {} member={} reason={}",
                        a.memberId(),
                        error == null ? "not taken" : error.getMessage());
        release(a.taskId(), a.memberId(), a.attempt(), a.assignment());
    }

    /** Sends the start of runs the worker should have but does not report (see {@link RunReconciliation}). */
    public void startAgain(List<Assignment> runs) {
        for (Assignment a : runs) {
            TaskLog.about(log.atInfo(), a.taskId(), a.attempt(), a.assignment())
                    .log("event=start_sent_again {} member={}", a.memberId());
            deliver(a);
        }
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
     * ago than a StartWork may take, are over: they never reached it, or it ran them and
     * its TaskComplete was lost, and the leader cannot tell which. So each counts as a
     * used attempt (retried while attempts remain), and one attempt never runs twice.
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
            TaskLog.about(log.atInfo(), task.id(), task.attempt(), task.assignment())
                    .log("event=idle_worker_released_task {} member={}", memberId);
            proposer.propose(Command.newBuilder()
                    .setReleaseTask(releaseOf(task.id(), memberId, task.attempt(), task.assignment())
                            .setAttemptUsed(true)
                            .setReason("worker '" + memberId + "' reported idle while the task was assigned to it")));
        }
    }

    /** A run that never started goes back to the queue at the same attempt. */
    private void release(String taskId, String memberId, int attempt, int assignment) {
        proposer.propose(Command.newBuilder().setReleaseTask(releaseOf(taskId, memberId, attempt, assignment)));
    }

    private static ReleaseTask.Builder releaseOf(String taskId, String memberId, int attempt, int assignment) {
        return ReleaseTask.newBuilder()
                .setTaskId(taskId)
                .setMemberId(memberId)
                .setAttempt(attempt)
                .setAssignment(assignment);
    }

    private boolean isCurrent(Assignment a) {
        return state.read(s -> isCurrentIn(s, a));
    }

    private static boolean isCurrentIn(ClusterState s, Assignment a) {
        TaskRecord task = s.task(a.taskId());
        return task != null && task.isCurrentRunOf(a.memberId(), a.attempt(), a.assignment());
    }

    private Delivery delivery(Transport transport) {
        return transport == Transport.STREAM ? stream : push;
    }
}
