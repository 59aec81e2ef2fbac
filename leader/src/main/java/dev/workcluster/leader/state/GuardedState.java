package dev.workcluster.leader.state;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The one live {@link ClusterState} of a node and the lock around it. Apply holds
 * the write lock; queries and the dispatcher's planning hold the read lock, and
 * none of them ever does network I/O while holding it.
 */
public final class GuardedState {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private ClusterState state;

    public GuardedState(ClusterState initial) {
        this.state = initial;
    }

    public <T> T read(Function<ClusterState, T> query) {
        lock.readLock().lock();
        try {
            return query.apply(state);
        } finally {
            lock.readLock().unlock();
        }
    }

    public <T> T write(Function<ClusterState, T> change) {
        lock.writeLock().lock();
        try {
            return change.apply(state);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Replaces the whole state, as when a snapshot is installed. */
    public void replace(ClusterState restored) {
        lock.writeLock().lock();
        try {
            state = restored;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
