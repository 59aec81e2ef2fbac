package dev.workcluster.client.internal;

import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/** One WatchTasks call of a {@link WatchStream} to one node, with flow control left to the stream. */
final class WatchCall implements ClientResponseObserver<WatchTasksRequest, WatchTasksResponse> {
    /**
     * Besides Calls' unknown outcomes, the ends of a call worth watching again for, on the next
     * node: the node ended it (OK), a proxy reset it (CANCELLED, INTERNAL; CANCELLED also when
     * this client gave up on a silent node), or the node cut off a watcher that fell behind, or
     * has too many (RESOURCE_EXHAUSTED).
     */
    private static final Set<Status.Code> WATCH_AGAIN =
            EnumSet.of(Status.Code.OK, Status.Code.CANCELLED, Status.Code.INTERNAL, Status.Code.RESOURCE_EXHAUSTED);

    final int node;
    final long openedAt = System.nanoTime();
    private final int initial;
    private final WatchStream stream;
    // Set in beforeStart, which runs within the stream's open, under its lock.
    private ClientCallStreamObserver<WatchTasksRequest> requests;
    // Guarded by the stream's lock.
    boolean worked;
    ScheduledFuture<?> firstEventDeadline;

    /** @param initial how many events the node may send before {@link #request} asks for more */
    WatchCall(WatchStream stream, int node, int initial) {
        this.stream = stream;
        this.node = node;
        this.initial = initial;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchTasksRequest> requestStream) {
        requests = requestStream;
        requestStream.disableAutoRequestWithInitial(initial);
    }

    @Override
    public void onNext(WatchTasksResponse event) {
        stream.delivered(this, event);
    }

    @Override
    public void onError(Throwable error) {
        stream.ended(this, Status.fromThrowable(error));
    }

    @Override
    public void onCompleted() {
        stream.ended(this, Status.OK.withDescription("the node ended the watch"));
    }

    /** Whether a call that ended so is worth watching again for, on the next node. */
    static boolean worthAnotherTry(Status status) {
        return Calls.UNKNOWN_OUTCOME.contains(status.getCode()) || WATCH_AGAIN.contains(status.getCode());
    }

    /**
     * Whether this call served the watch, judged when it ended. With a snapshot its first event
     * proves it; without one no event need come, so a call that stayed open for a whole
     * {@code callTimeout} did too.
     */
    boolean served(boolean snapshot, Duration callTimeout, long now) {
        return worked || (!snapshot && now - openedAt >= callTimeout.toNanos());
    }

    /** gRPC takes both from any thread. */
    void request(int count) {
        requests.request(count);
    }

    void cancel(String why) {
        requests.cancel(why, null);
    }

    /** Under the stream's lock. */
    void stopWaitingForFirstEvent() {
        if (firstEventDeadline != null) {
            firstEventDeadline.cancel(false);
        }
    }
}
