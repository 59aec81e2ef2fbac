package dev.workcluster.leader.rpc;

import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One WatchTasks call: events wait in a bounded queue and are written only while the
 * client keeps up (gRPC flow control). A client that falls too far behind is cut off
 * with RESOURCE_EXHAUSTED rather than letting its backlog grow the heap. However the
 * watch ends (the client cancels, the server closes it, a write fails) its backlog is
 * dropped and it is unregistered at once: a client that never reads again must not
 * keep either alive.
 */
final class TaskWatcher {
    static final int MAX_BACKLOG = 50_000;

    private final ServerCallStreamObserver<WatchTasksResponse> observer;
    private final Executor writer;
    private final BlockingQueue<WatchTasksResponse> backlog = new ArrayBlockingQueue<>(MAX_BACKLOG);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean gone = new AtomicBoolean();
    private final Consumer<TaskWatcher> onGone;
    private volatile boolean closed;

    /** {@code onGone}: runs once, when the watch ends for whatever reason. */
    TaskWatcher(ServerCallStreamObserver<WatchTasksResponse> observer, Executor writer, Consumer<TaskWatcher> onGone) {
        this.observer = observer;
        this.writer = writer;
        this.onGone = onGone;
        observer.setOnReadyHandler(this::scheduleDrain);
        observer.setOnCancelHandler(this::ended);
    }

    private void ended() {
        closed = true;
        backlog.clear();
        if (gone.compareAndSet(false, true)) {
            onGone.accept(this);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Never blocks: called with the state's write lock held. */
    void offer(List<WatchTasksResponse> events) {
        if (closed) {
            return;
        }
        for (WatchTasksResponse event : events) {
            if (!backlog.offer(event)) {
                close(Status.RESOURCE_EXHAUSTED.withDescription(
                        "watcher fell more than " + MAX_BACKLOG + " events behind; watch again"));
                return;
            }
        }
        if (closed) {
            backlog.clear(); // it ended while these went in
            return;
        }
        scheduleDrain();
    }

    void close(Status status) {
        if (!closed) {
            ended();
            try {
                writer.execute(() -> {
                    try {
                        observer.onError(status.asRuntimeException());
                    } catch (RuntimeException alreadyGone) {
                        // the client cancelled meanwhile
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // the node is stopping; the call ends with the server
            }
        }
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                writer.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                ended(); // the node is stopping; the call ends with the server
            }
        }
    }

    private void drain() {
        try {
            while (!closed && observer.isReady()) {
                WatchTasksResponse next = backlog.poll();
                if (next == null) {
                    break;
                }
                observer.onNext(next);
            }
        } catch (RuntimeException e) {
            ended(); // the call is gone under us
        } finally {
            draining.set(false);
        }
        if (!closed && !backlog.isEmpty() && observer.isReady()) {
            scheduleDrain(); // events arrived after the loop looked
        }
    }
}
