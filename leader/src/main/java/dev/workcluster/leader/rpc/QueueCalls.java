package dev.workcluster.leader.rpc;

import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.QueueLoad;
import dev.workcluster.leader.state.QueueSettings;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.SetQueue;
import dev.workcluster.leader.state.proto.StoredQueue;
import dev.workcluster.proto.scheduler.v1.GetQueuesRequest;
import dev.workcluster.proto.scheduler.v1.GetQueuesResponse;
import dev.workcluster.proto.scheduler.v1.Queue;
import dev.workcluster.proto.scheduler.v1.SetQueueRequest;
import dev.workcluster.proto.scheduler.v1.SetQueueResponse;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;

/** The named-queue calls of scheduler.v1.SchedulerService: validate, propose, map. */
final class QueueCalls {
    private final GuardedState state;
    private final Proposer proposer;

    QueueCalls(GuardedState state, Proposer proposer) {
        this.state = state;
        this.proposer = proposer;
    }

    CompletableFuture<SetQueueResponse> set(SetQueueRequest request) {
        if (!request.hasQueue()) {
            throw Requests.invalid("queue is required");
        }
        Queue wanted = request.getQueue();
        String name = QueueRules.name("queue.name", wanted.getName());
        long weight = wanted.getWeight() == 0 ? 1 : Integer.toUnsignedLong(wanted.getWeight()); // uint32
        long maxRunning = Integer.toUnsignedLong(wanted.getMaxRunning());
        String problem = QueueSettings.problem(name, weight, maxRunning);
        if (problem != null) {
            throw Requests.invalid("queue: " + problem);
        }
        Command.Builder command = Command.newBuilder()
                .setSetQueue(SetQueue.newBuilder()
                        .setQueue(StoredQueue.newBuilder()
                                .setName(name)
                                .setWeight((int) weight)
                                .setMaxRunning((int) maxRunning)));
        return proposer.propose(command).thenApply(result -> {
            StoredQueue stored = StatusMapping.accepted(result).getQueue();
            QueueLoad load = state.read(s -> s.queue(stored.getName()));
            Queue.Builder queue = Queue.newBuilder()
                    .setName(stored.getName())
                    .setWeight(stored.getWeight())
                    .setMaxRunning(stored.getMaxRunning());
            if (load != null) {
                queue.setPending(load.pending()).setRunning(load.running()).setScheduled(load.scheduled());
            }
            return SetQueueResponse.newBuilder().setQueue(queue).build();
        });
    }

    GetQueuesResponse get(GetQueuesRequest request) {
        GetQueuesResponse.Builder response = GetQueuesResponse.newBuilder();
        if (request.getName().isEmpty()) {
            state.read(s -> s.queues()).forEach(load -> response.addQueues(api(load)));
            return response.build();
        }
        String name = QueueRules.name("name", request.getName());
        QueueLoad load = state.read(s -> s.queue(name));
        if (load == null) {
            throw Status.NOT_FOUND
                    .withDescription("queue " + Requests.quote(name)
                            + " not found: it is not configured and holds no unfinished task")
                    .asRuntimeException();
        }
        return response.addQueues(api(load)).build();
    }

    static Queue api(QueueLoad load) {
        return Queue.newBuilder()
                .setName(load.settings().name())
                .setWeight(load.settings().weight())
                .setMaxRunning(load.settings().maxRunning())
                .setPending(load.pending())
                .setRunning(load.running())
                .setScheduled(load.scheduled())
                .build();
    }
}
