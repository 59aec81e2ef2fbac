package dev.workcluster.cli.watch;

import dev.workcluster.proto.cluster.v1.TaskCounts;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.BlockingQueue;

/**
 * One WatchTasks call. gRPC's threads only put what happens on the {@link WatchLoop}'s
 * queue, as {@link Item}s; the loop's own thread does everything else. Flow control asks
 * for one more event each time the loop takes one.
 */
final class WatchStream implements ClientResponseObserver<WatchTasksRequest, WatchTasksResponse> {
    /** What the loop's queue carries. */
    interface Item {}

    record Event(WatchStream from, WatchTasksResponse response) implements Item {}

    record Ended(WatchStream from, Status status) implements Item {}

    record Counts(TaskCounts counts) implements Item {}

    record Notice(String text) implements Item {}

    record Stop() implements Item {}

    final String address;
    WatchTasksResponse first;
    private final BlockingQueue<Item> queue;
    private volatile ClientCallStreamObserver<WatchTasksRequest> call;

    WatchStream(String address, BlockingQueue<Item> queue) {
        this.address = address;
        this.queue = queue;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchTasksRequest> requestStream) {
        call = requestStream;
        requestStream.disableAutoRequestWithInitial(WatchLoop.WINDOW);
    }

    @Override
    public void onNext(WatchTasksResponse response) {
        queue.add(new Event(this, response));
    }

    @Override
    public void onError(Throwable error) {
        queue.add(new Ended(this, Status.fromThrowable(error)));
    }

    @Override
    public void onCompleted() {
        queue.add(new Ended(this, Status.OK));
    }

    void request() {
        call.request(1);
    }

    void cancel() {
        call.cancel("watch stopped", null);
    }
}
