package dev.workcluster.client.internal;

import dev.workcluster.client.ClientOptions;
import dev.workcluster.client.ClusterUnavailableException;
import dev.workcluster.client.TaskInfo;
import dev.workcluster.client.TaskState;
import dev.workcluster.client.WorkClientException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The changes a {@code TaskWatch} holds for its consumer, fed by a {@link WatchStream} with a
 * snapshot through {@link TaskChanges}. It never holds more than the stream's window: the
 * stream asks the node for one more change each time the consumer takes one, so gRPC's
 * threads never wait on a full queue and never drop.
 *
 * <pre>{@code
 * ChangeQueue queue = new ChangeQueue(Set.of(), nodes, options, timer, 256);
 * queue.subscribe(Duration.ofSeconds(40));
 * while (queue.awaitChange(-1)) { use(queue.take()); }
 * }</pre>
 */
public final class ChangeQueue implements TaskChanges.Out {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<TaskInfo> queue = new ArrayDeque<>();
    private final WatchStream stream;
    // Guarded by lock.
    private boolean subscribed;
    private boolean closed;
    private WorkClientException failure;

    public ChangeQueue(
            Set<TaskState> states, Nodes nodes, ClientOptions options, ScheduledExecutorService timer, int window) {
        this.stream = new WatchStream(nodes, options, timer, true, window, new TaskChanges(states, this));
    }

    /** Opens the stream and waits until a node serves it, at most {@code patience}. */
    public void subscribe(Duration patience) {
        stream.start();
        lock.lock();
        try {
            long left = patience.toNanos();
            while (!subscribed && failure == null && !closed && left > 0) {
                left = changed.awaitNanos(left);
            }
            if (failure != null) {
                throw failure;
            }
            if (!subscribed && !closed) {
                throw new ClusterUnavailableException("watch tasks: no node served the watch within " + patience, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkClientException("interrupted while subscribing to task changes", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, at most {@code nanos} (forever if negative), until a change is queued or the watch
     * is closed: true when one is queued. Throws the stream's failure once none is.
     */
    public boolean awaitChange(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (queue.isEmpty() && !closed && failure == null && (nanos < 0 || left > 0)) {
                if (nanos < 0) {
                    changed.await();
                } else {
                    left = changed.awaitNanos(left);
                }
            }
            if (closed) {
                return false;
            }
            if (queue.isEmpty() && failure != null) {
                throw failure;
            }
            return !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest queued change, letting the node send one more; null if none (closed meanwhile). */
    public TaskInfo take() {
        TaskInfo task;
        lock.lock();
        try {
            task = queue.poll();
        } finally {
            lock.unlock();
        }
        if (task != null) {
            stream.release(1);
        }
        return task;
    }

    /** Cancels the stream and drops what is queued; a waiting consumer returns. True the first time. */
    public boolean close() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        stream.stop();
        return true;
    }

    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void subscribed() {
        signal(() -> subscribed = true);
    }

    @Override
    public void changed(TaskInfo task) {
        signal(() -> queue.add(task));
    }

    @Override
    public void failed(WorkClientException why) {
        signal(() -> failure = why);
    }

    private void signal(Runnable update) {
        lock.lock();
        try {
            if (!closed) {
                update.run();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
