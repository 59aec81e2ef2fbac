package dev.workcluster.cli.ops;

import dev.workcluster.client.WorkClient;
import dev.workcluster.client.WorkClientException;
import dev.workcluster.proto.scheduler.v1.GetQueuesRequest;
import dev.workcluster.proto.scheduler.v1.GetQueuesResponse;
import dev.workcluster.proto.scheduler.v1.Queue;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc.SchedulerServiceBlockingStub;
import dev.workcluster.proto.scheduler.v1.SetQueueRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The named-queue calls of SchedulerService, made through {@link WorkClient#call} like {@link RecurringScheduleCalls}:
 * each is tried again, on the next address, when one gives no answer. Reads are safe to repeat, and so is a set: the
 * same settings again change nothing.
 */
final class QueueCalls {
    private final WorkClient client;

    QueueCalls(WorkClient client) {
        this.client = client;
    }

    /** Every queue that exists, in name order. */
    GetQueuesResponse all() {
        return call("list queues", stub -> stub.getQueues(GetQueuesRequest.getDefaultInstance()));
    }

    /** One queue; the leader's NOT_FOUND (neither configured nor holding unfinished tasks) propagates. */
    Queue get(String name) {
        GetQueuesRequest request = GetQueuesRequest.newBuilder().setName(name).build();
        return call("read queue " + name, stub -> stub.getQueues(request).getQueues(0));
    }

    /** One queue, or empty when it does not exist: it has the default settings and holds nothing. */
    Optional<Queue> find(String name) {
        try {
            return Optional.of(get(name));
        } catch (WorkClientException e) {
            if (e.getCause() instanceof StatusRuntimeException status
                    && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets the queue's weight and running limit (its counts are ignored); the queue as the leader holds it after. */
    Queue set(Queue queue) {
        SetQueueRequest request = SetQueueRequest.newBuilder().setQueue(queue).build();
        return call(
                "set queue " + queue.getName(), stub -> stub.setQueue(request).getQueue());
    }

    private <T> T call(String what, Function<SchedulerServiceBlockingStub, T> call) {
        return client.call(what, channel -> call.apply(SchedulerServiceGrpc.newBlockingStub(channel)));
    }
}
