package dev.workcluster.client.internal;

import dev.workcluster.client.ClientOptions;
import dev.workcluster.client.ClusterUnavailableException;
import dev.workcluster.client.WorkClientException;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one place that keeps a WatchTasks feed open across node changes ({@link ResultWatch} and
 * the public {@code TaskWatch} both sit on it). It watches one node at a time, the one
 * {@link Nodes#current()} names; when the call ends for a reason that says nothing about the
 * request ({@link WatchCall#worthAnotherTry}) it moves on to the next node and watches again
 * after a pause that grows like {@link Calls}' does. Once no call has worked for the options'
 * {@code retryFor} it stops and tells the sink; a refusal (a role that may not watch) stops it
 * at once.
 *
 * <p>Flow control is manual: the events requested and not yet released by the sink never exceed
 * the window, across calls, so a consumer that falls behind holds back the node (which keeps a
 * bounded backlog per watcher and ends the call with RESOURCE_EXHAUSTED past it) instead of
 * filling this process' heap.
 *
 * <pre>{@code
 * WatchStream stream = new WatchStream(nodes, options, timer, true, 256, sink);
 * stream.start(); // sink.opened(false), then sink.event(...) per event; stop() ends it
 * stream.release(1); // after the consumer took an event the sink kept
 * }</pre>
 */
public final class WatchStream {
    private final Nodes nodes;
    private final ClientOptions options;
    private final ScheduledExecutorService timer;
    private final boolean snapshot;
    private final int window;
    private final WatchSink sink;
    // All guarded by this.
    private final Outage outage;
    private WatchCall current;
    private boolean running;
    private int held;
    private ScheduledFuture<?> reopen;

    /**
     * @param timer    runs re-opens and first-event deadlines (short tasks only)
     * @param snapshot ask for the existing tasks first (include_existing): the first event then
     *                 proves that a node serves the watch; one silent for callTimeout is left
     * @param window   the most events requested and not yet released
     */
    public WatchStream(
            Nodes nodes,
            ClientOptions options,
            ScheduledExecutorService timer,
            boolean snapshot,
            int window,
            WatchSink sink) {
        this.nodes = nodes;
        this.options = options;
        this.timer = timer;
        this.snapshot = snapshot;
        this.window = window;
        this.sink = sink;
        this.outage = new Outage(options.retryFor());
    }

    /** Opens the feed unless it is open; a stopped one starts afresh, with a new patience. */
    public void start() {
        synchronized (this) {
            if (running) {
                return;
            }
            running = true;
            outage.over();
        }
        open(false);
    }

    /** Closes the feed; no more calls to the sink but the ones under way. */
    public void stop() {
        WatchCall call;
        synchronized (this) {
            running = false;
            call = current;
            current = null;
            if (reopen != null) {
                reopen.cancel(false);
            }
        }
        if (call != null) {
            call.cancel("watch closed"); // its end finds it no longer current; its deadline firing later does nothing
        }
    }

    /** The sink is done with {@code count} events it kept: the node may send as many more. */
    public synchronized void release(int count) {
        held -= count;
        if (current != null) {
            current.request(count);
            armFirstEventDeadline(current);
        }
    }

    private void open(boolean afterBreak) {
        sink.opened(afterBreak);
        synchronized (this) {
            if (!running || current != null) {
                return;
            }
            // Under the lock: release() must find the call started (beforeStart runs within).
            current = new WatchCall(this, nodes.current(), Math.max(0, window - held));
            SchedulerServiceGrpc.newStub(nodes.channel(current.node))
                    .watchTasks(
                            WatchTasksRequest.newBuilder()
                                    .setIncludeExisting(snapshot)
                                    .build(),
                            current);
            armFirstEventDeadline(current);
        }
    }

    /** Under the lock, once something is requested: a call that may not send cannot be blamed for its silence. */
    private void armFirstEventDeadline(WatchCall call) {
        if (snapshot && !call.worked && call.firstEventDeadline == null && window - held > 0) {
            try {
                call.firstEventDeadline = timer.schedule(
                        () -> call.cancel("no event within " + options.callTimeout()),
                        options.callTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException clientClosing) {
                // its watches are being closed, this one with them
            }
        }
    }

    void delivered(WatchCall call, WatchTasksResponse event) {
        synchronized (this) {
            if (current != call) {
                return; // stopped meanwhile
            }
            if (!call.worked) {
                call.worked = true;
                call.stopWaitingForFirstEvent();
                outage.over();
            }
            held++;
        }
        if (!sink.event(event)) {
            release(1);
        }
    }

    void ended(WatchCall call, Status status) {
        WorkClientException failure = null;
        synchronized (this) {
            if (current != call) {
                return; // stopped on purpose
            }
            current = null;
            call.stopWaitingForFirstEvent();
            if (!WatchCall.worthAnotherTry(status)) {
                running = false;
                failure = Calls.refused("watch tasks at " + nodes.address(call.node), status.asRuntimeException());
            } else {
                failure = scheduleReopen(call, status);
            }
        }
        if (failure != null) {
            sink.stopped(failure);
        }
    }

    /** Under the lock: watch again (at the next node) after a pause, or give up when the patience is spent. */
    private WorkClientException scheduleReopen(WatchCall call, Status status) {
        nodes.moveOn(call.node);
        long now = System.nanoTime();
        Duration pause = outage.nextTry(call.served(snapshot, options.callTimeout(), now), now);
        if (pause == null) {
            running = false;
            return new ClusterUnavailableException(
                    "watch tasks: no node served the watch within " + options.retryFor() + " (last: "
                            + nodes.address(call.node) + " " + Calls.describe(status.asRuntimeException()) + ")",
                    status.asRuntimeException());
        }
        try {
            reopen = timer.schedule(() -> open(true), pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException clientClosing) {
            running = false;
        }
        return null;
    }
}
