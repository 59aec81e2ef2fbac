package dev.workcluster.client.internal;

import dev.workcluster.client.ClientOptions;
import dev.workcluster.client.TaskInfo;
import dev.workcluster.client.TaskNotFoundException;
import dev.workcluster.client.TaskResult;
import dev.workcluster.client.WorkClientException;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every result a client waits for, from one {@link WatchStream} without a snapshot: opened
 * when the first wait begins, watching again on the next node when it breaks (a leader
 * change), stopped when nothing is awaited. What may have finished while no stream was open
 * (before it opened, or between two) is read once with GetTask; a sweep every
 * {@value #SWEEP_SECONDS} s reads the rest again, as a safety net for a change applied before
 * the node registered the watch, and opens the stream again if it gave up. A task no node
 * knows for {@link #UNKNOWN_GRACE} fails its waits with {@link TaskNotFoundException}.
 */
public final class ResultWatch implements AutoCloseable {
    static final long SWEEP_SECONDS = 5;
    /**
     * How long a task may be unknown before a wait for it fails: a node that forwarded a submit to
     * the leader, or a follower, may not have applied it yet when asked.
     */
    static final Duration UNKNOWN_GRACE = Duration.ofSeconds(2);
    /** Events are handled as they come, so the window only bounds what gRPC may hold at once. */
    private static final int WINDOW = 64;

    private final Calls calls;
    private final ScheduledExecutorService timer = Timers.daemon("workcluster-client-results");
    private final Map<String, List<CompletableFuture<TaskResult>>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Long> unknownSince = new ConcurrentHashMap<>();
    private final WatchStream stream;
    private boolean closed;

    /** @param streams the timer the stream re-opens on; {@code check}s block, so they run on a timer of their own */
    public ResultWatch(Nodes nodes, Calls calls, ClientOptions options, ScheduledExecutorService streams) {
        this.calls = calls;
        this.stream = new WatchStream(nodes, options, streams, false, WINDOW, new WatchSink() {
            @Override
            public void opened(boolean afterBreak) {
                if (afterBreak) {
                    try {
                        timer.execute(ResultWatch.this::sweep); // read what finished while none was open
                    } catch (RejectedExecutionException closing) {
                        // the client is closing: nothing is awaited any more
                    }
                }
            }

            @Override
            public boolean event(WatchTasksResponse event) {
                if (event.hasTask()) {
                    finished(Conversions.info(event.getTask()));
                }
                return false;
            }

            @Override
            public void stopped(WorkClientException why) {
                // the waits have deadlines of their own; the next sweep opens the stream again
            }
        });
        timer.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    public CompletableFuture<TaskResult> await(String id, Duration timeout) {
        CompletableFuture<TaskResult> result = new CompletableFuture<>();
        waiting.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>()).add(result);
        result.whenComplete((done, error) -> forget(id, result));
        openIfNeeded();
        timer.execute(() -> check(id));
        timer.schedule(
                () -> result.completeExceptionally(
                        new TimeoutException("task " + id + " did not finish within " + timeout)),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        return result;
    }

    private void forget(String id, CompletableFuture<TaskResult> result) {
        waiting.computeIfPresent(id, (key, futures) -> {
            futures.remove(result);
            return futures.isEmpty() ? null : futures;
        });
        if (!waiting.containsKey(id)) {
            unknownSince.remove(id);
        }
        synchronized (this) {
            if (waiting.isEmpty()) {
                stream.stop();
            }
        }
    }

    private synchronized void openIfNeeded() {
        if (!closed && !waiting.isEmpty()) {
            stream.start();
        }
    }

    private void sweep() {
        openIfNeeded();
        waiting.keySet().forEach(this::check);
    }

    private void check(String id) {
        if (!waiting.containsKey(id)) {
            return;
        }
        try {
            finished(calls.call(
                    "read task " + id,
                    stub -> Conversions.info(
                            stub.getTask(GetTaskRequest.newBuilder().setId(id).build())
                                    .getTask())));
            unknownSince.remove(id);
        } catch (TaskNotFoundException e) {
            long since = unknownSince.computeIfAbsent(id, key -> System.nanoTime());
            if (System.nanoTime() - since >= UNKNOWN_GRACE.toNanos()) {
                unknownSince.remove(id);
                fail(id, e);
            } else {
                timer.schedule(() -> check(id), 200, TimeUnit.MILLISECONDS);
            }
        } catch (WorkClientException e) {
            // the stream or the next sweep will tell
        }
    }

    private void finished(TaskInfo task) {
        if (!task.state().isFinished()) {
            return;
        }
        List<CompletableFuture<TaskResult>> futures = waiting.get(task.id());
        if (futures != null) {
            TaskResult result = TaskResult.of(task);
            futures.forEach(future -> future.complete(result));
        }
    }

    private void fail(String id, RuntimeException error) {
        List<CompletableFuture<TaskResult>> futures = waiting.get(id);
        if (futures != null) {
            futures.forEach(future -> future.completeExceptionally(error));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            stream.stop();
        }
        timer.shutdownNow();
        waiting.values()
                .forEach(futures -> futures.forEach(
                        future -> future.completeExceptionally(new WorkClientException("client closed", null))));
    }
}
