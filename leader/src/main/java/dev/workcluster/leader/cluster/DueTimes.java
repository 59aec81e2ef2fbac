package dev.workcluster.leader.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keys that fall due at wall-clock times (soft state, on the Raft leader only): one due time per
 * key, all on a single timer armed for the earliest. When it fires, the keys whose time has come
 * are handed to {@code onDue} together (at most {@link #MAX_PER_FIRING} at a time, the rest at once
 * after), outside this object's lock. A key is handed over once per {@link #set}; whoever gets it
 * decides whether to set it again. The times are leader-clock milliseconds, the clock that stamps
 * the log's commands, so "due" here means what apply will find due.
 *
 * <p>Delayed tasks and task timeouts share it ({@link TaskTimers}); anything else the leader must do
 * at a time written in the state can take a {@code DueTimes} of its own.
 */
public final class DueTimes<K> {
    /** Bounds one hand-over, and so the log entry it may turn into. */
    static final int MAX_PER_FIRING = 1_000;

    private record Entry<K>(long dueMillis, long order, K key) implements Comparable<Entry<K>> {
        @Override
        public int compareTo(Entry<K> other) {
            int byTime = Long.compare(dueMillis, other.dueMillis);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private final ScheduledExecutorService timers;
    private final LongSupplier wallMillis;
    private final Consumer<List<K>> onDue;
    private final Map<K, Entry<K>> byKey = new HashMap<>();
    private final TreeSet<Entry<K>> byTime = new TreeSet<>();
    private long orders;
    private ScheduledFuture<?> armed;
    private long armedFor = Long.MAX_VALUE;

    public DueTimes(ScheduledExecutorService timers, LongSupplier wallMillis, Consumer<List<K>> onDue) {
        this.timers = timers;
        this.wallMillis = wallMillis;
        this.onDue = onDue;
    }

    /** The key falls due at {@code dueMillis} (leader clock), replacing any time it had. */
    public synchronized void set(K key, long dueMillis) {
        Entry<K> old = byKey.get(key);
        if (old != null && old.dueMillis() == dueMillis) {
            return;
        }
        remove(key);
        Entry<K> entry = new Entry<>(dueMillis, orders++, key);
        byKey.put(key, entry);
        byTime.add(entry);
        arm();
    }

    public synchronized void cancel(K key) {
        remove(key);
    }

    /** Forgets every key (leadership lost: the next leader keeps its own). */
    public synchronized void clear() {
        byKey.clear();
        byTime.clear();
        if (armed != null) {
            armed.cancel(false);
            armed = null;
        }
        armedFor = Long.MAX_VALUE;
    }

    public synchronized OptionalLong dueMillis(K key) {
        Entry<K> entry = byKey.get(key);
        return entry == null ? OptionalLong.empty() : OptionalLong.of(entry.dueMillis());
    }

    public synchronized int size() {
        return byKey.size();
    }

    private void remove(K key) {
        Entry<K> old = byKey.remove(key);
        if (old != null) {
            byTime.remove(old);
        }
    }

    /** One timer, for the earliest key; moved only when an earlier one comes. */
    private void arm() {
        if (byTime.isEmpty()) {
            return;
        }
        long earliest = byTime.first().dueMillis();
        if (armed != null && armedFor <= earliest) {
            return;
        }
        if (armed != null) {
            armed.cancel(false);
        }
        long delay = Math.max(0, earliest - wallMillis.getAsLong());
        try {
            armed = timers.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
            armedFor = earliest;
        } catch (RejectedExecutionException e) {
            armed = null; // the node is shutting down: nothing falls due any more
        }
    }

    private void fire() {
        List<K> due = new ArrayList<>();
        synchronized (this) {
            armed = null;
            armedFor = Long.MAX_VALUE;
            long now = wallMillis.getAsLong();
            while (!byTime.isEmpty() && byTime.first().dueMillis() <= now && due.size() < MAX_PER_FIRING) {
                Entry<K> entry = byTime.pollFirst();
                byKey.remove(entry.key());
                due.add(entry.key());
            }
            arm(); // before handing over: a timer that fires early (clock drift) looks again
        }
        if (!due.isEmpty()) {
            onDue.accept(due);
        }
    }
}
