package dev.workcluster.leader.rpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session hellos that reached a node while it knew no live leader (an election is on, or
 * the leader it follows went silent). Each waits here, up to {@link #HOLD}, and is answered
 * as soon as the election has an outcome: so a worker learns the new leader within a few
 * milliseconds of its election, instead of guessing when to try again and oversleeping it.
 */
public final class ElectionWait {
    /** Longest a hello is held: a few election timeouts, far below the worker's Welcome timeout. */
    public static final Duration HOLD = Duration.ofSeconds(3);
    /**
     * How long a worker's word that it cannot reach a leader outweighs this node's view that
     * the leader is alive: longer than a follower keeps vouching for a silent leader (300 ms),
     * so a leader that is really gone is no longer vouched for by then, and one that is still
     * heard from (the worker's failure was something else, say a Join lost to a step-down) is
     * named again.
     */
    public static final Duration UNREACHABLE_TRUSTED = Duration.ofMillis(500);
    /** Hellos held at once at most; past it a node answers at once with what it knows. */
    public static final int MAX_HELD = 10_000;

    static final long CHECK_MILLIS = 20;
    private static final Logger log = LoggerFactory.getLogger(ElectionWait.class);

    /** A held hello. */
    @FunctionalInterface
    interface Held {
        /**
         * Answers if it can: true once answered (or its stream is gone). {@code heldNanos}: how
         * long it has waited; with {@code lastChance} it must answer with whatever the node knows now.
         */
        boolean tryAnswer(long heldNanos, boolean lastChance);
    }

    private record Entry(Held hello, long heldAtNanos) {}

    private final ScheduledExecutorService timers;
    private final LongSupplier nanos;
    private final List<Entry> held = new ArrayList<>();
    private boolean checking;

    /** {@code timers}: where the held hellos are checked, every few milliseconds while there are any. */
    public ElectionWait(ScheduledExecutorService timers, LongSupplier nanos) {
        this.timers = timers;
        this.nanos = nanos;
    }

    /** Holds {@code hello} until it answers; false if too many are held already (answer at once). */
    synchronized boolean hold(Held hello) {
        if (held.size() >= MAX_HELD) {
            return false;
        }
        held.add(new Entry(hello, nanos.getAsLong()));
        if (!checking) {
            checking = true;
            timers.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    synchronized int held() {
        return held.size();
    }

    private void check() {
        List<Entry> waiting;
        synchronized (this) {
            waiting = List.copyOf(held);
        }
        long now = nanos.getAsLong();
        List<Entry> answered = new ArrayList<>();
        for (Entry entry : waiting) {
            long heldNanos = now - entry.heldAtNanos();
            boolean lastChance = heldNanos >= HOLD.toNanos();
            try {
                if (entry.hello().tryAnswer(heldNanos, lastChance) || lastChance) {
                    answered.add(entry);
                }
            } catch (RuntimeException e) {
                log.warn("event=held_hello_failed error={}", e.toString());
                answered.add(entry);
            }
        }
        synchronized (this) {
            held.removeAll(answered);
            if (held.isEmpty()) {
                checking = false;
            } else {
                timers.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }
}
