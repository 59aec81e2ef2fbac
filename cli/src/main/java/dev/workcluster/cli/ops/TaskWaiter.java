package dev.workcluster.cli.ops;

import dev.workcluster.cli.client.LeaderClient;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Waits for one task to end. A WatchTasks stream (changes only) reports the end as soon
 * as it is committed; GetTask is the source of truth, polled at a growing interval
 * (200 ms doubling to 2 s). The polls catch an end that came before the server had
 * registered the watch (the client cannot tell when that happens) and keep the wait
 * going if the stream breaks. Each GetTask gets the command's whole {@code --timeout}
 * to reach a leader, failing over like any other call; the task's run time is unbounded.
 */
final class TaskWaiter implements AutoCloseable {
    static final Duration FIRST_POLL = Duration.ofMillis(200);
    static final Duration MAX_POLL = Duration.ofSeconds(2);

    private final LeaderClient client;
    private final String id;
    private final BlockingQueue<Task> changes = new LinkedBlockingQueue<>();
    private final Context.CancellableContext watch = Context.current().withCancellation();

    /** Subscribes at once; {@code address}: a node that just answered. */
    TaskWaiter(LeaderClient client, String id, String address) {
        this.client = client;
        this.id = id;
        watch.run(() -> SchedulerServiceGrpc.newStub(client.channel(address))
                .watchTasks(
                        WatchTasksRequest.newBuilder().setIncludeExisting(false).build(), new StreamObserver<>() {
                            @Override
                            public void onNext(WatchTasksResponse event) {
                                if (event.hasTask() && event.getTask().getId().equals(id)) {
                                    changes.add(event.getTask());
                                }
                            }

                            @Override
                            public void onError(Throwable error) {
                                // the polls carry on alone
                            }

                            @Override
                            public void onCompleted() {
                                // likewise
                            }
                        }));
    }

    static boolean ended(Task task) {
        TaskStatus status = task.getStatus();
        return status == TaskStatus.TASK_STATUS_COMPLETED
                || status == TaskStatus.TASK_STATUS_ERROR
                || status == TaskStatus.TASK_STATUS_CANCELLED;
    }

    /** The task once it has ended, or as last seen when {@code limit} (null: none) passes first. */
    Task await(Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long interval = FIRST_POLL.toNanos();
        Task current = get(); // after subscribing, so an end is either seen here or streamed
        while (!ended(current)) {
            long wait = interval;
            if (limit != null) {
                long left = limit.toNanos() - (System.nanoTime() - start);
                if (left <= 0) {
                    return current;
                }
                wait = Math.min(wait, left);
            }
            Task change = changes.poll(wait, TimeUnit.NANOSECONDS);
            if (change != null) {
                current = change;
            } else {
                current = get();
                interval = Math.min(interval * 2, MAX_POLL.toNanos());
            }
        }
        return current;
    }

    private Task get() {
        return client.scheduler(stub ->
                        stub.getTask(GetTaskRequest.newBuilder().setId(id).build()))
                .getTask();
    }

    @Override
    public void close() {
        watch.cancel(null);
    }
}
