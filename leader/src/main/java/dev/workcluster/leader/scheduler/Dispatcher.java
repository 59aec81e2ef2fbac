package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.proto.AssignTask;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts work the moment a slot is free: woken by every applied log entry, it
 * plans pending tasks onto free slots ({@link Placement}) and proposes the plan as
 * AssignTask commands. It does not deliver them: what commits is delivered from the
 * applied state ({@link AppliedAssignments}), since a failed future does not prove
 * that its entry did not commit. Runs on the Raft leader only. Holds no lock across network calls: planning
 * reads the state under its read lock, delivery happens after.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** After a round whose commits failed (no apply will wake us), look again after this long. */
    private static final long RETRY_MILLIS = 200;

    private final GuardedState state;
    private final Proposer proposer;
    private final WorkerDeliveries deliveries;
    private final ScheduledExecutorService retries;
    private final int maxAssignmentsPerRound;
    private final AssignmentsInFlight inFlight = new AssignmentsInFlight();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean active;
    private volatile boolean closed;
    private int rotation;

    public Dispatcher(GuardedState state, Proposer proposer, WorkerDeliveries deliveries,
                      ScheduledExecutorService retries, int maxAssignmentsPerRound) {
        this.state = state;
        this.proposer = proposer;
        this.deliveries = deliveries;
        this.retries = retries;
        this.maxAssignmentsPerRound = maxAssignmentsPerRound;
        deliveries.onResume(this::wake);
        this.thread = new Thread(this::run, "dispatcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Something changed (task added, slot freed, member joined): look again. Cheap; never blocks. */
    public void wake() {
        if (signalled.compareAndSet(false, true)) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    public void activate() {
        active = true;
        wake();
    }

    public void deactivate() {
        active = false;
    }

    /** Whether this node dispatches now, i.e. holds the leader's duties. */
    public boolean isActive() {
        return active && !closed;
    }

    private void run() {
        while (!closed) {
            synchronized (signal) {
                while (!signalled.get() && !closed) {
                    try {
                        signal.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            signalled.set(false);
            if (active && !closed) {
                try {
                    dispatchRound();
                } catch (RuntimeException e) {
                    log.warn("event=dispatch_round_failed error={}", e.toString());
                    retryLater();
                }
            }
        }
    }

    /**
     * Plans and proposes one round, then returns without waiting for the commit: the
     * next round can be planned while this one commits (the in-flight set keeps them
     * apart), and each assignment is delivered as soon as its own commit is known.
     */
    private void dispatchRound() {
        List<Assignment> plan = state.read(s -> Placement.plan(s, deliveries::reachable, inFlight, rotation++,
                maxAssignmentsPerRound));
        for (Assignment a : plan) {
            inFlight.add(a);
            CompletableFuture<CommandResult> commit;
            try {
                commit = proposer.propose(Command.newBuilder().setAssignTask(AssignTask.newBuilder()
                        .setTaskId(a.taskId()).setMemberId(a.memberId()).setAttempt(a.attempt())));
            } catch (RuntimeException e) {
                commit = CompletableFuture.failedFuture(e);
            }
            commit.whenComplete((result, error) -> committed(a, error));
        }
    }

    private void committed(Assignment a, Throwable error) {
        inFlight.remove(a);
        if (error != null) {
            retryLater();
        }
        // The reserved slot is counted free again only now; a round planned since may have missed it.
        wake();
    }

    private void retryLater() {
        if (!closed && !retries.isShutdown()) {
            retries.schedule(this::wake, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops dispatching and waits for a round in progress to end. */
    @Override
    public void close() throws InterruptedException {
        active = false;
        closed = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        thread.join(10_000);
    }
}
