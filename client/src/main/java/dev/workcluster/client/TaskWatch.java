package dev.workcluster.client;

import dev.workcluster.client.internal.ChangeQueue;
import dev.workcluster.client.internal.Nodes;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Task changes as the cluster commits them, from {@link WorkClient#watch}: each time a task
 * in one of the watched states is stored in a new form, the watch yields that whole form.
 * {@link #next()} blocks until there is one; {@link #poll(Duration)} waits at most so long;
 * {@link #close()}, from any thread, ends the watch and wakes a waiting consumer.
 *
 * <pre>{@code
 * try (TaskWatch finished = client.watch(Set.of(TaskState.COMPLETED, TaskState.ERROR))) {
 *     while (finished.hasNext()) { // false once closed
 *         TaskInfo task = finished.next();
 *         System.out.println(task.id() + " " + task.state() + " " + task.result());
 *     }
 * }
 * }</pre>
 *
 * <p><b>What it yields.</b> Every change committed after {@code watch} returned, in commit
 * order, while one node serves the watch. A task that changes twice before it is read is
 * yielded twice (first and second form), one whose change puts it in a state not watched is
 * not yielded.
 *
 * <p><b>Across a node switch.</b> When the node serving the watch stops or loses contact, the
 * watch goes on at the next node by itself (pausing 50 ms, doubling up to 1 s, for up to the
 * client's {@code retryFor}; past that {@code hasNext}, {@code next} and {@code poll} throw
 * {@link ClusterUnavailableException}, once what was buffered has been read). The new node
 * cannot say what changed while no node was watched, so the watch then yields the current form
 * of its recent tasks (the most recent 10,000) that are not finished, or finished lately (in
 * the last seconds before the switch). So a consumer sees repeats: a task in a state it was
 * already seen in, possibly briefly an older form if that node is behind, then the newer one
 * again. Intermediate forms of a task that changed several times meanwhile are not seen, only
 * its current one. Act on a change idempotently, by task id and state.
 *
 * <p><b>Memory.</b> The watch holds at most {@value #BUFFER} changes for its consumer and asks
 * the node for more only as the consumer takes them (gRPC flow control): a slow consumer holds
 * the node back and drops nothing. A node keeps a bounded backlog per watch (50,000 events);
 * a consumer that falls further behind is cut off by it, and the watch continues as after a
 * node switch.
 *
 * <p>One thread consumes; {@code close} may come from any thread. Closing the client closes
 * its watches.
 */
public final class TaskWatch implements Iterator<TaskInfo>, AutoCloseable {
    /** The most changes a watch holds for its consumer. */
    public static final int BUFFER = 256;

    private final ChangeQueue changes;
    private final Consumer<TaskWatch> onClose;
    /** How long {@link #subscribe} waits: the stream gives up after retryFor, within its last try's deadline. */
    private final Duration patience;

    TaskWatch(
            Set<TaskState> states,
            Nodes nodes,
            ClientOptions options,
            ScheduledExecutorService timer,
            Consumer<TaskWatch> onClose) {
        this.changes = new ChangeQueue(states, nodes, options, timer, BUFFER);
        this.onClose = onClose;
        this.patience = options.retryFor().plus(options.callTimeout().multipliedBy(2));
    }

    /** Opens the feed and waits until a node serves it. */
    void subscribe() {
        changes.subscribe(patience);
    }

    /**
     * Waits for the next change: true when there is one, false once the watch is closed.
     *
     * @throws ClusterUnavailableException no node served the watch for the client's {@code retryFor}
     * @throws WorkClientException         interrupted (the thread's interrupt flag is set again)
     */
    @Override
    public boolean hasNext() {
        try {
            return changes.awaitChange(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkClientException("interrupted while waiting for a task change", e);
        }
    }

    /**
     * The next change, waiting for it.
     *
     * @throws NoSuchElementException      the watch is closed
     * @throws ClusterUnavailableException no node served the watch for the client's {@code retryFor}
     */
    @Override
    public TaskInfo next() {
        TaskInfo task = hasNext() ? changes.take() : null;
        if (task == null) {
            throw new NoSuchElementException("the watch is closed");
        }
        return task;
    }

    /**
     * The next change, waiting at most {@code timeout} for it; empty when none came in time, or
     * the watch is closed.
     *
     * @throws ClusterUnavailableException no node served the watch for the client's {@code retryFor}
     */
    public Optional<TaskInfo> poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, got " + timeout);
        }
        // convert saturates where toNanos() would overflow (a timeout of centuries)
        long nanos = TimeUnit.NANOSECONDS.convert(timeout);
        return changes.awaitChange(nanos) ? Optional.ofNullable(changes.take()) : Optional.empty();
    }

    /** Ends the watch: its stream is cancelled, what it buffered is dropped, a waiting consumer returns. */
    @Override
    public void close() {
        if (changes.close()) {
            onClose.accept(this);
        }
    }

    /** How many changes wait for the consumer (for tests). */
    int bufferedChanges() {
        return changes.size();
    }
}
