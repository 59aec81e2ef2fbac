package dev.workcluster.leader.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Per-member liveness deadlines (soft state, on the Raft leader only). A member
 * expires exactly once, {@code timeout} after its last heartbeat: a member has
 * at most one timer, and a timer that fires early because newer heartbeats came
 * in re-arms itself for the new deadline instead of expiring anyone.
 *
 * <p>Silence only counts once the node has listened: a member is expired only when
 * the node has read everything that reached it up to the deadline ({@code readUpTo},
 * a {@link System#nanoTime} watermark). While the node lags behind its own input,
 * the heartbeat that would have saved the member may be waiting there unread.
 */
public final class HeartbeatDeadlines implements AutoCloseable {
    private final LongAdder heartbeats = new LongAdder();
    private final long timeoutNanos;
    private final ScheduledExecutorService timers;
    private final Consumer<String> onExpired;
    private final LongSupplier nanoTime;
    private final LongSupplier wallMillis;
    private final LongSupplier readUpTo;
    private final Map<String, Liveness> members = new ConcurrentHashMap<>();

    private static final class Liveness {
        long lastSeenNanos;
        volatile long lastSeenWallMillis;
        long timeoutNanos;
        long armedForNanos;
        ScheduledFuture<?> timer;
    }

    public HeartbeatDeadlines(
            Duration timeout,
            ScheduledExecutorService timers,
            Consumer<String> onExpired,
            LongSupplier nanoTime,
            LongSupplier wallMillis,
            LongSupplier readUpTo) {
        this.timeoutNanos = timeout.toNanos();
        this.timers = timers;
        this.onExpired = onExpired;
        this.nanoTime = nanoTime;
        this.wallMillis = wallMillis;
        this.readUpTo = readUpTo;
    }

    /** Records a sign of life; the member expires {@code timeout} (the default one) after it. */
    public void heartbeat(String memberId) {
        heartbeats.increment();
        touch(memberId, timeoutNanos, true);
    }

    /**
     * Records a sign of life with this member's own timeout: a session worker's is a
     * few of its heartbeat intervals while connected, the reconnect grace once its stream broke.
     */
    public void heartbeat(String memberId, Duration timeout) {
        heartbeats.increment();
        touch(memberId, timeout.toNanos(), true);
    }

    /** Heartbeats recorded so far, for the metrics. */
    public long heartbeats() {
        return heartbeats.sum();
    }

    /** Arms a deadline without a sign of life, as when an expiry could not be committed. */
    public void retry(String memberId, Duration after) {
        touch(memberId, after.toNanos(), false);
    }

    private void touch(String memberId, long timeout, boolean signOfLife) {
        Liveness liveness = members.computeIfAbsent(memberId, id -> new Liveness());
        long now = nanoTime.getAsLong();
        synchronized (liveness) {
            liveness.lastSeenNanos = now;
            if (signOfLife) {
                liveness.lastSeenWallMillis = wallMillis.getAsLong();
            }
            liveness.timeoutNanos = timeout;
            long deadline = now + timeout;
            // One timer per member; moved only when the new deadline comes sooner than the armed one.
            if (liveness.timer == null || deadline < liveness.armedForNanos) {
                if (liveness.timer != null) {
                    liveness.timer.cancel(false);
                }
                arm(memberId, liveness, deadline);
            }
        }
    }

    /**
     * Gives members the leader knows from the log a full timeout to show up, as
     * after a restart or a leader change (their last heartbeats went to nobody).
     */
    public void grace(Collection<String> memberIds, Duration grace) {
        memberIds.forEach(id -> touch(id, grace.toNanos(), false));
    }

    /** The member left or was expired by someone else: no deadline any more. */
    public void forget(String memberId) {
        Liveness gone = members.remove(memberId);
        if (gone != null) {
            synchronized (gone) {
                if (gone.timer != null) {
                    gone.timer.cancel(false);
                }
            }
        }
    }

    /** Leadership lost: the next leader keeps its own deadlines. */
    public void forgetAll() {
        members.keySet().forEach(this::forget);
    }

    /** Whether the member has a deadline now: false once it ran out, until the next sign of life. */
    public boolean isTracked(String memberId) {
        return members.containsKey(memberId);
    }

    public OptionalLong lastHeartbeatMillis(String memberId) {
        Liveness liveness = members.get(memberId);
        long seen = liveness == null ? 0 : liveness.lastSeenWallMillis;
        return seen == 0 ? OptionalLong.empty() : OptionalLong.of(seen);
    }

    private void arm(String memberId, Liveness liveness, long deadlineNanos) {
        liveness.armedForNanos = deadlineNanos;
        liveness.timer = timers.schedule(
                () -> check(memberId, liveness), deadlineNanos - nanoTime.getAsLong(), TimeUnit.NANOSECONDS);
    }

    private void check(String memberId, Liveness liveness) {
        synchronized (liveness) {
            if (members.get(memberId) != liveness) {
                return;
            }
            long deadline = liveness.lastSeenNanos + liveness.timeoutNanos;
            long now = nanoTime.getAsLong();
            if (deadline - now > 0) {
                arm(memberId, liveness, deadline); // newer heartbeats came in: not yet
                return;
            }
            long unread = deadline - readUpTo.getAsLong();
            if (unread > 0) {
                arm(memberId, liveness, now + unread); // look again once the node has read up to the deadline
                return;
            }
            members.remove(memberId, liveness);
        }
        onExpired.accept(memberId);
    }

    @Override
    public void close() {
        forgetAll();
    }
}
