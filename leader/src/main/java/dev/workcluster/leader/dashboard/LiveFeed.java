package dev.workcluster.leader.dashboard;

import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's one WatchTasks stream, shared by every browser and the charts, so that open
 * pages cost the node one watch of its {@code --max-watches}, not one each. When it breaks
 * (the node shutting down, a leader change, the watch limit reached) it is opened again.
 */
final class LiveFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final long REOPEN_MILLIS = 2_000;

    private final Gateway gateway;
    private final HttpCaller caller;
    private final EventClients clients;
    private final Throughput throughput;
    private final ScheduledExecutorService timer;
    private volatile Context.CancellableContext current;
    private volatile boolean closed;
    /** Only the first failure of a run of them is logged: the feed is retried every few seconds. */
    private volatile boolean failing;

    LiveFeed(
            Gateway gateway,
            HttpCaller caller,
            EventClients clients,
            Throughput throughput,
            ScheduledExecutorService timer) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.caller = Objects.requireNonNull(caller, "caller");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.throughput = Objects.requireNonNull(throughput, "throughput");
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    void open() {
        if (closed) {
            return;
        }
        Context.CancellableContext context = Context.current().withCancellation();
        current = context;
        context.run(() -> gateway.watcher(caller)
                .watchTasks(
                        WatchTasksRequest.newBuilder().setIncludeExisting(true).build(), new Observer()));
    }

    /**
     * The existing tasks come first only so that the end of the snapshot says the watch is live,
     * and so that tasks already running are not counted as starts when they are sent again.
     */
    private final class Observer implements StreamObserver<WatchTasksResponse> {
        private boolean snapshotDone;

        @Override
        public void onNext(WatchTasksResponse event) {
            switch (event.getEventCase()) {
                case TASK -> {
                    if (snapshotDone) {
                        throughput.changed(event.getTask());
                        clients.taskChanged(event.getTask());
                    } else {
                        throughput.seen(event.getTask());
                    }
                }
                case MEMBER, REMOVED_MEMBER_ID -> clients.membersChanged();
                case SNAPSHOT_COMPLETE -> {
                    snapshotDone = true;
                    failing = false;
                    clients.upstream(true);
                }
                case REMOVED_TASK_ID, EVENT_NOT_SET -> {}
            }
        }

        @Override
        public void onError(Throwable error) {
            ended(error.toString());
        }

        @Override
        public void onCompleted() {
            ended("completed");
        }

        private void ended(String why) {
            clients.upstream(false);
            if (closed) {
                return;
            }
            if (!failing) {
                log.info("event=dashboard_watch_ended reason={} reopen_every_ms={}", why, REOPEN_MILLIS);
                failing = true;
            }
            try {
                ScheduledFuture<?> unused = timer.schedule(LiveFeed.this::open, REOPEN_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The dashboard is closing: nothing to reopen for.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Context.CancellableContext context = current;
        if (context != null) {
            context.cancel(null);
        }
    }
}
