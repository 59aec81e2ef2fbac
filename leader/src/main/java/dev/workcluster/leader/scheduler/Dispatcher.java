package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.cluster.WorkerSessions;
import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.Transport;
import dev.workcluster.leader.state.proto.AssignTask;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ReleaseTask;
import dev.workcluster.leader.state.proto.ResultCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts work the moment a slot is free: woken by every applied log entry, it
 * plans pending tasks onto free slots ({@link Placement}), commits the plan as
 * AssignTask commands, and only then calls StartWork. Runs on the Raft leader
 * only. Holds no lock across network calls: planning reads the state under its
 * read lock, delivery happens after.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final GuardedState state;
    private final Proposer proposer;
    private final Delivery push;
    private final Delivery stream;
    private final int maxAssignmentsPerRound;
    /** Members that refused or missed a StartWork: not offered work until they heartbeat IDLE. */
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean active;
    private volatile boolean closed;
    private int rotation;

    public Dispatcher(GuardedState state, Proposer proposer, PushWorkerClients pushWorkers, WorkerSessions sessions,
                      int maxAssignmentsPerRound) {
        this.state = state;
        this.proposer = proposer;
        this.push = new PushDelivery(pushWorkers);
        this.stream = new StreamDelivery(sessions);
        this.maxAssignmentsPerRound = maxAssignmentsPerRound;
        this.thread = new Thread(this::run, "dispatcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Something changed (task added, slot freed, member joined): look again. Cheap; never blocks. */
    public void wake() {
        if (signalled.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    public void activate() {
        active = true;
        wake();
    }

    public void deactivate() {
        active = false;
    }

    public void pause(String memberId) {
        paused.add(memberId);
    }

    public void resume(String memberId) {
        if (paused.remove(memberId)) {
            wake();
        }
    }

    public boolean isPaused(String memberId) {
        return paused.contains(memberId);
    }

    /** After a running task was cancelled (committed): tell its worker to stop. Best effort. */
    public void stopWork(String memberId, String address, String taskId, int attempt, int assignment, String reason) {
        Transport transport = state.read(s -> {
            MemberRecord member = s.member(memberId);
            return member == null ? null : member.transport();
        });
        if (transport != null) {
            delivery(transport).stop(memberId, address, taskId, attempt, assignment, reason);
        }
    }

    private Delivery delivery(Transport transport) {
        return transport == Transport.STREAM ? stream : push;
    }

    private void run() {
        while (!closed) {
            while (!signalled.getAndSet(false) && !closed) {
                LockSupport.park(this);
            }
            if (!active || closed) {
                continue;
            }
            try {
                dispatchRound();
            } catch (RuntimeException e) {
                log.warn("event=dispatch_round_failed error={}", e.toString());
            }
        }
    }

    private void dispatchRound() {
        List<Assignment> plan = state.read(s -> Placement.plan(s, this::reachable, rotation++, maxAssignmentsPerRound));
        if (plan.isEmpty()) {
            return;
        }
        List<CompletableFuture<CommandResult>> commits = new ArrayList<>(plan.size());
        for (Assignment a : plan) {
            commits.add(proposer.propose(Command.newBuilder().setAssignTask(AssignTask.newBuilder()
                    .setTaskId(a.taskId()).setMemberId(a.memberId()).setAttempt(a.attempt()))));
        }
        for (int i = 0; i < plan.size(); i++) {
            CommandResult result = commits.get(i).exceptionally(e -> null).join();
            if (result != null && result.getCode() == ResultCode.RESULT_CODE_OK) {
                deliver(plan.get(i));
            }
        }
        // The assignments' own apply woke us; the next round picks up whatever is left.
    }

    private boolean reachable(MemberRecord member) {
        return !paused.contains(member.id()) && delivery(member.transport()).canReceive(member);
    }

    private void deliver(Assignment a) {
        delivery(a.transport()).start(a).whenComplete((accepted, error) -> {
            if (error == null && Boolean.TRUE.equals(accepted)) {
                log.debug("event=task_started task={} member={} attempt={}", a.taskId(), a.memberId(), a.attempt());
                return;
            }
            log.info("event=start_work_refused task={} member={} attempt={} reason={}", a.taskId(), a.memberId(),
                    a.attempt(), error == null ? "success=false" : error.getMessage());
            if (a.transport() == Transport.PUSH) {
                pause(a.memberId());
            }
            proposer.propose(Command.newBuilder().setReleaseTask(ReleaseTask.newBuilder()
                    .setTaskId(a.taskId()).setMemberId(a.memberId()).setAttempt(a.attempt())
                    .setAssignment(a.assignment())));
        });
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
