package dev.workcluster.client;

import dev.workcluster.client.internal.Calls;
import dev.workcluster.client.internal.Conversions;
import dev.workcluster.client.internal.Nodes;
import dev.workcluster.client.internal.ResultWatch;
import dev.workcluster.client.internal.Timers;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetQueuesRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.Queue;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.SetQueueRequest;
import io.grpc.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Submits work to a workcluster and follows it: any node takes any call (followers forward
 * writes to the Raft leader), a call that gets no answer is tried on the next node, and a
 * submit is retried under its task's id, so the cluster stores it once whatever happened to
 * the answers.
 *
 * <pre>{@code
 * try (WorkClient client = WorkClient.connect(ClientOptions.of("n1:50051", "n2:50051", "n3:50051"))) {
 *     TaskInfo task = client.schedule(TaskSpec.of("resize photo-17.jpg"));
 *     TaskResult result = client.awaitResult(task.id(), Duration.ofMinutes(5)).join();
 *     System.out.println(result.succeeded() ? result.result() : result.error());
 * }
 * }</pre>
 */
public final class WorkClient implements AutoCloseable {
    /** The most tasks {@link #list} returns per page. */
    public static final int MAX_PAGE_SIZE = 1000;

    private final ClientOptions options;
    private final Nodes nodes;
    private final Calls calls;
    // Re-opens and deadlines of every watch stream: short tasks only.
    private final ScheduledExecutorService streams = Timers.daemon("workcluster-client-watch");
    private final ResultWatch results;
    private final Set<TaskWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private WorkClient(ClientOptions options) {
        this.options = options;
        this.nodes = new Nodes(options);
        this.calls = new Calls(nodes, options);
        this.results = new ResultWatch(nodes, calls, options, streams);
    }

    /** A client of the cluster at {@code options}' addresses; it connects on first use. */
    public static WorkClient connect(ClientOptions options) {
        return new WorkClient(options);
    }

    /**
     * Stores a task and returns it as stored. Scheduling the same spec again (same id, same
     * payload) returns the stored task and changes nothing.
     *
     * @throws TaskAlreadyExistsException the id is taken by a task with another payload
     * @throws InvalidTaskException       a bad id or payload, or a limit (the message names it)
     * @throws ClusterUnavailableException no node took it within the options' patience; it may be stored
     */
    public TaskInfo schedule(TaskSpec spec) {
        try {
            return calls.call(
                    "schedule task " + spec.id(),
                    stub -> Conversions.info(stub.scheduleTask(ScheduleTaskRequest.newBuilder()
                                    .setTask(Conversions.task(spec))
                                    .build())
                            .getTask()));
        } catch (WorkClientException e) {
            throw alreadyExists(spec.id(), e);
        }
    }

    /** Stores all of them in one call, all or none; returns them as stored, in order. */
    public List<TaskInfo> scheduleAll(List<TaskSpec> specs) {
        ScheduleTasksRequest.Builder request = ScheduleTasksRequest.newBuilder();
        specs.forEach(spec -> request.addTasks(Conversions.task(spec)));
        return calls.call(
                "schedule " + specs.size() + " tasks",
                stub -> stub.scheduleTasks(request.build()).getTasksList().stream()
                        .map(Conversions::info)
                        .toList());
    }

    /** @throws TaskNotFoundException no task has this id */
    public TaskInfo get(String id) {
        return calls.call(
                "read task " + id,
                stub -> Conversions.info(
                        stub.getTask(GetTaskRequest.newBuilder().setId(id).build())
                                .getTask()));
    }

    /**
     * Cancels a task that has not finished (a running one is stopped on its worker); cancelling a
     * finished task changes nothing. Returns the task as stored afterwards: CANCELLED, or how it had
     * already ended.
     *
     * @throws TaskNotFoundException no task has this id
     */
    public TaskInfo cancel(String id) {
        return calls.call(
                "cancel task " + id,
                stub -> Conversions.info(
                        stub.cancelTask(CancelTaskRequest.newBuilder().setId(id).build())
                                .getTask()));
    }

    /**
     * One page of tasks in arrival order, of one state or all (null); pass the returned page's
     * {@code next} to get the following one.
     */
    public TaskPage list(TaskState state, String pageToken, int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", got " + pageSize);
        }
        GetTasksRequest.Builder request =
                GetTasksRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken == null ? "" : pageToken);
        if (state != null) {
            request.setStatus(Conversions.status(state));
        }
        GetTasksResponse response = calls.call("list tasks", stub -> stub.getTasks(request.build()));
        return new TaskPage(
                response.getTasksList().stream().map(Conversions::info).toList(), response.getNextPageToken());
    }

    /**
     * Every named queue that exists (configured, or holding unfinished tasks), in name order, with its settings
     * and what it holds now.
     *
     * <pre>{@code
     * for (QueueInfo queue : client.queues()) {
     *     System.out.println(queue.name() + " weight " + queue.weight() + ": " + queue.pending() + " waiting");
     * }
     * }</pre>
     *
     * @throws ClusterUnavailableException no node answered within the options' patience
     */
    public List<QueueInfo> queues() {
        return calls.queueCall(
                "list queues",
                stub -> stub.getQueues(GetQueuesRequest.getDefaultInstance()).getQueuesList().stream()
                        .map(Conversions::queue)
                        .toList());
    }

    /**
     * One named queue, with its settings and what it holds now; empty when it does not exist (neither configured
     * nor holding unfinished tasks), which is to say it has the default settings (weight 1, no running limit) and
     * holds nothing.
     *
     * @throws InvalidTaskException        {@code name} is not a queue name (1 to 63 letters, digits and . _ -)
     * @throws ClusterUnavailableException no node answered within the options' patience
     */
    public Optional<QueueInfo> queue(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must name a queue, got an empty name");
        }
        try {
            return Optional.of(calls.queueCall(
                    "read queue " + name,
                    stub -> Conversions.queue(stub.getQueues(
                                    GetQueuesRequest.newBuilder().setName(name).build())
                            .getQueues(0))));
        } catch (WorkClientException e) {
            if (e.getCause() instanceof io.grpc.StatusRuntimeException status
                    && status.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Sets a named queue's share of the free slots and its running limit, and returns the queue as the cluster holds
     * it afterwards. Setting the defaults (weight 1, maxRunning 0) forgets the queue's settings. Setting the same
     * values again changes nothing, so a retried call is safe.
     *
     * <pre>{@code
     * client.setQueue("emails", 3, 20);   // three times the share of a default queue, at most 20 running
     * client.setQueue("reports", 1, 0);   // back to the defaults
     * }</pre>
     *
     * @param name       1 to 63 letters, digits and {@code . _ -}
     * @param weight     1 to {@value QueueInfo#MAX_WEIGHT}: the next start goes to the queue with the fewest running
     *                   tasks per unit of weight
     * @param maxRunning how many of its tasks may run at once, up to {@value QueueInfo#MAX_RUNNING_LIMIT}; 0: no limit
     * @throws IllegalArgumentException    {@code weight} below 1 or {@code maxRunning} below 0
     * @throws InvalidTaskException        the cluster refused a name or value (the message names it and the limit),
     *                                     or too many queues, or a role that may not set queues
     * @throws ClusterUnavailableException no node answered within the options' patience; it may be set
     */
    public QueueInfo setQueue(String name, int weight, int maxRunning) {
        Objects.requireNonNull(name, "name");
        if (weight < 1) {
            throw new IllegalArgumentException(
                    "weight must be 1 to " + QueueInfo.MAX_WEIGHT + " (default 1), got " + weight);
        }
        if (maxRunning < 0) {
            throw new IllegalArgumentException(
                    "maxRunning must be 0 (no limit) to " + QueueInfo.MAX_RUNNING_LIMIT + ", got " + maxRunning);
        }
        SetQueueRequest request = SetQueueRequest.newBuilder()
                .setQueue(Queue.newBuilder().setName(name).setWeight(weight).setMaxRunning(maxRunning))
                .build();
        return calls.queueCall(
                "set queue " + name,
                stub -> Conversions.queue(stub.setQueue(request).getQueue()));
    }

    /**
     * Completes when the task finishes, however long leader changes take meanwhile; fails with
     * {@link java.util.concurrent.TimeoutException} after {@code timeout}, or with
     * {@link TaskNotFoundException}. Waiting costs no thread: all waits share one watch stream.
     */
    public CompletableFuture<TaskResult> awaitResult(String id, Duration timeout) {
        return results.await(id, timeout);
    }

    /**
     * Follows task changes: returns once a node serves the watch, and yields every change
     * committed from then on to a task in one of {@code states}, across leader and node changes
     * (see {@link TaskWatch} for what a consumer sees then). Close it when done; closing the
     * client closes it too.
     *
     * <pre>{@code
     * try (TaskWatch watch = client.watch(Set.of(TaskState.COMPLETED))) {
     *     Optional<TaskInfo> next = watch.poll(Duration.ofSeconds(10));
     * }
     * }</pre>
     *
     * @param states the states to yield tasks in; empty for every state
     * @throws ClusterUnavailableException no node served the watch within the options' {@code retryFor}
     * @throws IllegalStateException       the client is closed
     */
    public TaskWatch watch(Set<TaskState> states) {
        Objects.requireNonNull(states, "states");
        states.forEach(state -> Objects.requireNonNull(state, "states contains null"));
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        TaskWatch watch = new TaskWatch(states, nodes, options, streams, watches::remove);
        watches.add(watch);
        try {
            watch.subscribe();
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
        if (closed) {
            watch.close(); // the client closed meanwhile, maybe before the watch was in the set
        }
        return watch;
    }

    /**
     * A call this client has no method for (the cluster.v1 admin reads, say), with everything its own
     * calls get: {@code call} runs on one node's channel, and every gRPC call it makes there gets the
     * try's deadline (the options' call timeout, or less when the patience is nearly spent); when one
     * gets no answer (no node, no quorum, the deadline), {@code call} runs again on the next node, with
     * the same pauses, for up to the options' {@code retryFor}. A refusal arrives as a
     * {@link WorkClientException} whose cause is the node's {@link io.grpc.StatusRuntimeException}
     * (its code says which refusal), no answer as {@link ClusterUnavailableException}. Since
     * {@code call} may run more than once, it must be safe to repeat (a read, or a write carrying its
     * own id).
     *
     * <pre>{@code
     * MembersResponse members = client.call("list members", channel -> LeaderServiceGrpc.newBlockingStub(channel)
     *         .members(MembersRequest.newBuilder().setPageSize(100).build()));
     * }</pre>
     *
     * @param what names the call in exception messages
     * @throws ClusterUnavailableException no node answered within the options' patience
     */
    public <T> T call(String what, Function<Channel, T> call) {
        return calls.onChannel(what, call);
    }

    /**
     * This client's channel to one of its nodes, for what {@link #call} cannot carry: a stream that
     * stays open past one call, or a call that must reach that node and no other. Calls on it get no
     * deadline, failover or typed errors of the client's; it shares the client's connection and TLS,
     * and {@link #close} closes it.
     *
     * <pre>{@code
     * SchedulerServiceGrpc.newStub(client.channel("n2:50051"))
     *         .watchTasks(WatchTasksRequest.newBuilder().setIncludeExisting(true).build(), observer);
     * }</pre>
     *
     * @throws IllegalArgumentException {@code address} is not one of the options' addresses
     */
    public Channel channel(String address) {
        return nodes.channel(address);
    }

    private WorkClientException alreadyExists(String id, WorkClientException refused) {
        if (!(refused.getCause() instanceof io.grpc.StatusRuntimeException status)
                || status.getStatus().getCode() != io.grpc.Status.Code.ALREADY_EXISTS) {
            return refused;
        }
        TaskInfo stored;
        try {
            stored = get(id);
        } catch (WorkClientException e) {
            stored = null;
        }
        return new TaskAlreadyExistsException(refused.getMessage(), stored, refused.getCause());
    }

    @Override
    public void close() {
        closed = true;
        watches.forEach(TaskWatch::close);
        results.close();
        streams.shutdownNow();
        nodes.close();
    }
}
