package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.raft.PlacementSource;
import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.PlaceTasks;
import dev.workcluster.leader.state.proto.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts work the moment a slot is free. Placement itself happens inside apply (see
 * {@code state.Placement}): every entry the leader proposes carries {@link #placementFor},
 * the soft state apply needs (which members this node can reach now), so the entry that
 * frees a slot or adds a task also starts the next run. When pending tasks and free slots
 * meet while no entry is on its way (a worker connected, a push worker resumed), the
 * dispatcher proposes an entry that only places ({@link PlaceTasks}). It does not deliver:
 * what commits is delivered from the applied state ({@link AppliedAssignments}). Runs on
 * the Raft leader only.
 */
public final class Dispatcher implements PlacementSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** After a placing entry failed (no apply will wake us), look again after this long. */
    private static final long RETRY_MILLIS = 200;

    private final GuardedState state;
    private final Proposer proposer;
    private final WorkerDeliveries deliveries;
    private final ScheduledExecutorService retries;
    private final int maxStartsPerEntry;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final AtomicBoolean placing = new AtomicBoolean();
    private final AtomicInteger rotation = new AtomicInteger();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean active;
    private volatile boolean closed;

    public Dispatcher(
            GuardedState state,
            Proposer proposer,
            WorkerDeliveries deliveries,
            ScheduledExecutorService retries,
            int maxStartsPerEntry) {
        if (maxStartsPerEntry < 1) {
            throw new IllegalArgumentException("maxStartsPerEntry must be >= 1, got " + maxStartsPerEntry);
        }
        this.state = Objects.requireNonNull(state, "state");
        this.proposer = Objects.requireNonNull(proposer, "proposer");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.maxStartsPerEntry = maxStartsPerEntry;
        deliveries.onResume(this::wake);
        this.thread = new Thread(this::run, "dispatcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Something changed (task added, slot freed, member connected): look again. Cheap; never blocks. */
    public void wake() {
        if (signalled.compareAndSet(false, true)) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    /**
     * An entry was applied (on the apply thread, {@code s} under its write lock): look again only
     * if tasks wait. Most entries place what they free and add, so waking the dispatcher's thread
     * for each would be a thread hand-off per entry for nothing; tasks that come to wait do so in
     * an apply, which calls this.
     */
    public void applied(ClusterState s) {
        if (active && s.pendingCount() > 0) {
            wake();
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

    /**
     * What the next entry's apply needs to place tasks, or null when this node does not
     * dispatch, nothing waits, or it reaches no member. Lists whichever is shorter: the
     * members it can reach, or the alive members it cannot.
     */
    @Override
    public Placement placementFor(List<Command> commands) {
        if (!isActive()) {
            return null;
        }
        boolean addsTasks = schedulesTasks(commands);
        // One read per entry: this runs for every entry the leader proposes.
        return state.read(s -> s.pendingCount() == 0 && !addsTasks ? null : placement(s));
    }

    private Placement placement(ClusterState s) {
        List<String> reachable = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (MemberRecord member : s.members()) {
            if (member.alive()) {
                (deliveries.reachable(member) ? reachable : unreachable).add(member.id());
            }
        }
        if (reachable.isEmpty()) {
            return null;
        }
        Placement.Builder placement =
                Placement.newBuilder().setRotation(rotation.getAndIncrement()).setMaxStarts(maxStartsPerEntry);
        return (reachable.size() <= unreachable.size()
                        ? placement.addAllOnlyMembers(reachable)
                        : placement.addAllExceptMembers(unreachable))
                .build();
    }

    private static boolean schedulesTasks(List<Command> commands) {
        for (Command command : commands) {
            if (command.hasScheduleTask()
                    || command.hasScheduleTasks()
                    || command.hasReleaseDueTasks()
                    || command.hasFireSchedule()) {
                return true;
            }
        }
        return false;
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
                    placeIfWaiting();
                } catch (RuntimeException e) {
                    log.warn("event=dispatch_round_failed error={}", e.toString());
                    retryLater();
                }
            }
        }
    }

    /** One placing entry at a time: its apply wakes us again, and anything left gets the next one. */
    private void placeIfWaiting() {
        if (!state.read(this::tasksMeetSlots) || !placing.compareAndSet(false, true)) {
            return;
        }
        proposer.propose(Command.newBuilder().setPlaceTasks(PlaceTasks.getDefaultInstance()))
                .whenComplete((result, error) -> {
                    placing.set(false);
                    if (error != null) {
                        retryLater();
                    }
                    wake();
                });
    }

    /**
     * Whether some pending task can start now on a reachable member with a free slot that its
     * selector allows, as placement would judge it: a task no free member matches must not make
     * the dispatcher propose empty placing entries forever.
     */
    private boolean tasksMeetSlots(ClusterState s) {
        if (s.pendingCount() == 0) {
            return false;
        }
        List<MemberRecord> free = new ArrayList<>();
        for (MemberRecord member : s.members()) {
            if (member.freeSlots() > 0 && deliveries.reachable(member)) {
                free.add(member);
            }
        }
        return s.someTaskFits(free);
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
