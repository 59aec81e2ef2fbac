package dev.workcluster.cli.watch;

import dev.workcluster.cli.client.LeaderUnreachableException;
import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.watch.WatchStream.Counts;
import dev.workcluster.cli.watch.WatchStream.Ended;
import dev.workcluster.cli.watch.WatchStream.Event;
import dev.workcluster.cli.watch.WatchStream.Item;
import dev.workcluster.cli.watch.WatchStream.Notice;
import dev.workcluster.cli.watch.WatchStream.Stop;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One {@code WatchTasks(include_existing)} feed, kept open: everything the stream says
 * goes to a {@link WatchOutput} on the thread that calls {@link #run}. The first
 * connection tries the addresses in order within the nodes' timeout, like every other
 * command (none answers: {@link LeaderUnreachableException}, exit 2); a stream that breaks
 * later is reopened, trying the addresses in rounds with backoff, until it works or the
 * loop is stopped. Flow control keeps at most {@value #WINDOW} events in memory.
 */
public final class WatchLoop {
    static final int WINDOW = 32;
    private static final long MAX_POLL_MILLIS = 1_000;
    /** After a reconnect, finished tasks older than what was seen minus this are not shown again. */
    private static final long RESYNC_MARGIN_MILLIS = 10_000;

    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final WatchNodes nodes;
    private final WatchOutput output;
    private final Set<TaskStatus> statuses;
    private final long maxChanges;
    private final LongSupplier clock = System::currentTimeMillis;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final WatchCounts counts;
    private Consumer<WatchTasksResponse> listener = event -> {};
    private volatile boolean stopped;

    // Owned by the thread in run().
    private WatchStream current;
    private boolean resync;
    private long resyncAfter;
    private boolean inSnapshot;
    private int snapshotMembers;
    private int snapshotTasks;
    private long highWater;
    private long changes;

    /**
     * @param statuses   show only task events in these statuses; empty for all
     * @param maxChanges return after this many live (post-snapshot) events shown; 0 for no limit
     */
    public WatchLoop(WatchNodes nodes, WatchOutput output, Set<TaskStatus> statuses, long maxChanges) {
        this.nodes = nodes;
        this.output = output;
        this.statuses = Set.copyOf(statuses);
        this.maxChanges = maxChanges;
        this.counts = new WatchCounts(nodes, output, queue);
    }

    /** Also hands every event, filtered or not, to {@code consumer} (on the loop's thread). */
    public WatchLoop onEvent(Consumer<WatchTasksResponse> consumer) {
        this.listener = consumer;
        return this;
    }

    /** Ends {@link #run} soon; safe from any thread, a signal handler included. */
    public void stop() {
        stopped = true;
        queue.add(new Stop());
    }

    /** Shows {@code text} through the output, from the loop's thread; safe from any thread. */
    public void notice(String text) {
        queue.add(new Notice(text));
    }

    /**
     * Watches until stopped, until the leader ends the stream, or until {@code maxChanges}.
     *
     * @throws LeaderUnreachableException when no address answers at first
     * @throws io.grpc.StatusRuntimeException when the leader refuses the watch
     */
    public void run() {
        boolean connected = false;
        try {
            WatchStream first = connectFirst();
            if (first == null) {
                return;
            }
            connected = true;
            boolean going = begin(first, false);
            while (going && !stopped) {
                long now = clock.getAsLong();
                counts.requestIfDue(address(), now);
                long wait = Math.min(MAX_POLL_MILLIS, Math.min(output.tickDelay(now), counts.delay(address(), now)));
                Item item = queue.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
                now = clock.getAsLong();
                if (item instanceof Stop) {
                    break;
                }
                going = item == null || handle(item, now);
                output.tick(now);
            }
            counts.refresh(address());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (current != null) {
                current.cancel();
            }
            if (connected) {
                output.finish(clock.getAsLong());
            }
        }
    }

    /** Whether the watch goes on. */
    private boolean handle(Item item, long now) throws InterruptedException {
        if (item instanceof Notice notice) {
            output.notice(notice.text(), now);
        } else if (item instanceof Counts answer) {
            counts.arrived(answer, now);
        } else if (item instanceof Event event && event.from() == current) {
            current.request();
            return accept(event.response(), now);
        } else if (item instanceof Ended ended && ended.from() == current) {
            if (ended.status().isOk()) {
                return false; // the leader ended the watch
            }
            if (!retryable(ended.status(), false)) {
                throw ended.status().asRuntimeException();
            }
            output.lost(current.address, LeaderUnreachableException.reason(ended.status()), now);
            current = null;
            WatchStream again = reconnect();
            return again != null && begin(again, true);
        }
        return true;
    }

    private String address() {
        return current == null ? null : current.address;
    }

    private boolean begin(WatchStream stream, boolean reconnect) {
        current = stream;
        resync = reconnect;
        resyncAfter = highWater - RESYNC_MARGIN_MILLIS;
        inSnapshot = true;
        snapshotMembers = 0;
        snapshotTasks = 0;
        long now = clock.getAsLong();
        counts.reset(now);
        output.connected(stream.address, reconnect, now);
        return accept(stream.first, now);
    }

    /** Whether the watch goes on. */
    private boolean accept(WatchTasksResponse event, long now) {
        listener.accept(event);
        if (event.hasSnapshotComplete()) {
            inSnapshot = false;
            output.snapshotComplete(snapshotMembers, snapshotTasks, resync, now);
            return true;
        }
        if (event.hasTask()) {
            highWater = Math.max(highWater, latest(event.getTask()));
            counts.changed(now);
        }
        if (!statuses.isEmpty()
                && (event.hasRemovedTaskId()
                        || event.hasTask() && !statuses.contains(event.getTask().getStatus()))) {
            output.hidden(event.hasTask() ? event.getTask().getId() : event.getRemovedTaskId());
            return true;
        }
        if (inSnapshot && resync && !output.replaysSnapshots() && finishedBefore(event, resyncAfter)) {
            return true; // seen before the stream broke; it cannot have changed since
        }
        output.event(event, now);
        if (inSnapshot) {
            snapshotMembers += event.hasMember() ? 1 : 0;
            snapshotTasks += event.hasTask() ? 1 : 0;
            return true;
        }
        changes++;
        return maxChanges == 0 || changes < maxChanges;
    }

    private static boolean finishedBefore(WatchTasksResponse event, long millis) {
        if (!event.hasTask() || !event.getTask().hasFinishedAt()) {
            return false;
        }
        TaskStatus status = event.getTask().getStatus();
        boolean finished = status == TaskStatus.TASK_STATUS_COMPLETED
                || status == TaskStatus.TASK_STATUS_ERROR
                || status == TaskStatus.TASK_STATUS_CANCELLED;
        return finished && HumanText.millis(event.getTask().getFinishedAt()) < millis;
    }

    private static long latest(Task task) {
        return Math.max(
                HumanText.millis(task.getCreatedAt()),
                Math.max(HumanText.millis(task.getStartedAt()), HumanText.millis(task.getFinishedAt())));
    }

    // ---- connecting ----

    private WatchStream connectFirst() throws InterruptedException {
        long deadline = System.nanoTime() + nodes.timeout().toNanos();
        List<String> failures = new ArrayList<>();
        for (String address : nodes.addresses()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                failures.add(address + " (not tried: timeout spent)");
                continue;
            }
            Attempt attempt = attempt(address, remaining, true);
            if (attempt.stopped()) {
                return null;
            }
            if (attempt.stream() != null) {
                return attempt.stream();
            }
            failures.add(address + " (" + attempt.failure() + ")");
        }
        throw new LeaderUnreachableException("cannot reach the leader at " + String.join(", ", failures));
    }

    private WatchStream reconnect() throws InterruptedException {
        long backoff = 250;
        while (!stopped) {
            for (String address : nodes.addresses()) {
                Attempt attempt = attempt(address, nodes.timeout().toNanos(), false);
                if (attempt.stopped()) {
                    return null;
                }
                if (attempt.stream() != null) {
                    return attempt.stream();
                }
            }
            if (pauseUnlessStopped(backoff)) {
                return null;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
        return null;
    }

    /** Opens a stream and waits for its first event: the stream works once the snapshot starts. */
    private Attempt attempt(String address, long nanos, boolean first) throws InterruptedException {
        WatchStream stream = new WatchStream(address, queue);
        SchedulerServiceGrpc.newStub(nodes.channel(address))
                .watchTasks(
                        WatchTasksRequest.newBuilder().setIncludeExisting(true).build(), stream);
        long deadline = System.nanoTime() + nanos;
        while (true) {
            long left = deadline - System.nanoTime();
            Item item = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (item == null) {
                stream.cancel();
                return Attempt.failed("no answer in time");
            }
            if (item instanceof Stop) {
                stream.cancel();
                return Attempt.STOPPED;
            }
            if (item instanceof Event event && event.from() == stream) {
                stream.first = event.response();
                stream.request();
                return new Attempt(stream, null, false);
            }
            if (item instanceof Ended ended && ended.from() == stream) {
                if (ended.status().isOk()) {
                    return Attempt.failed("the watch ended at once");
                }
                if (!retryable(ended.status(), first)) {
                    throw ended.status().asRuntimeException();
                }
                return Attempt.failed(LeaderUnreachableException.reason(ended.status()));
            }
            if (item instanceof Notice || item instanceof Counts) {
                handle(item, clock.getAsLong());
            }
        }
    }

    /** Waits {@code millis} while still passing on notices; true when stopped meanwhile. */
    private boolean pauseUnlessStopped(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            Item item = queue.poll(left, TimeUnit.NANOSECONDS);
            if (item instanceof Stop) {
                return true;
            }
            if (item instanceof Notice || item instanceof Counts) {
                handle(item, clock.getAsLong());
            }
        }
        return stopped;
    }

    /**
     * At first only an unreachable address is worth trying past; later a broken stream is, too,
     * including one a proxy resets (nginx ends a watch that stayed silent for its
     * {@code grpc_read_timeout} with RST_STREAM INTERNAL_ERROR).
     */
    static boolean retryable(Status status, boolean first) {
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> true;
            case RESOURCE_EXHAUSTED, CANCELLED, ABORTED, INTERNAL -> !first;
            default -> false;
        };
    }

    private record Attempt(WatchStream stream, String failure, boolean stopped) {
        static final Attempt STOPPED = new Attempt(null, null, true);

        static Attempt failed(String failure) {
            return new Attempt(null, failure, false);
        }
    }
}
