package dev.workcluster.client.internal;

import dev.workcluster.client.ClientOptions;
import dev.workcluster.client.ClusterUnavailableException;
import dev.workcluster.client.InvalidTaskException;
import dev.workcluster.client.TaskNotFoundException;
import dev.workcluster.client.WorkClientException;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc.SchedulerServiceBlockingStub;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A call to the cluster, tried node after node until one answers or the options' patience runs
 * out. Only outcomes that say nothing about the request are retried (no answer, no quorum, a
 * deadline); every scheduler call the client makes is safe to repeat: submits carry their id,
 * cancels and reads are idempotent.
 */
public final class Calls {
    static final Set<Status.Code> UNKNOWN_OUTCOME = EnumSet.of(
            Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED, Status.Code.UNKNOWN);
    private static final Set<Status.Code> REFUSED = EnumSet.of(
            Status.Code.INVALID_ARGUMENT,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.FAILED_PRECONDITION,
            Status.Code.OUT_OF_RANGE,
            Status.Code.PERMISSION_DENIED,
            Status.Code.UNAUTHENTICATED);
    /** The pause before the second try; it doubles after each try, up to {@link #LONGEST_PAUSE}. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(50);

    static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

    private final Nodes nodes;
    private final ClientOptions options;

    public Calls(Nodes nodes, ClientOptions options) {
        this.nodes = nodes;
        this.options = options;
    }

    /** Runs {@code call} on a stub with the per-try deadline, failing over as described above. */
    public <T> T call(String what, Function<SchedulerServiceBlockingStub, T> call) {
        return tryNodes(what, channel -> call.apply(SchedulerServiceGrpc.newBlockingStub(channel)), Calls::refused);
    }

    /**
     * A queue call: as {@link #call}, but NOT_FOUND (a queue that does not exist) is no task's absence, so it arrives
     * as a plain {@link WorkClientException} carrying the status; the other refusals are typed as for tasks.
     */
    public <T> T queueCall(String what, Function<SchedulerServiceBlockingStub, T> call) {
        return tryNodes(
                what, channel -> call.apply(SchedulerServiceGrpc.newBlockingStub(channel)), Calls::queueRefused);
    }

    /**
     * Runs {@code call} on the current node's channel, whose calls get the try's deadline: the call timeout, or what
     * is left of the patience when that is less (so a call never outlasts {@code retryFor}). Fails over as described
     * above. Not a task call: NOT_FOUND does not mean that no task has the id.
     */
    public <T> T onChannel(String what, Function<Channel, T> call) {
        return tryNodes(what, call, (about, e) -> new WorkClientException(about + ": " + describe(e), e));
    }

    private <T> T tryNodes(
            String what,
            Function<Channel, T> call,
            BiFunction<String, StatusRuntimeException, WorkClientException> refusal) {
        long deadline = System.nanoTime() + options.retryFor().toNanos();
        Duration pause = FIRST_PAUSE;
        StatusRuntimeException last = null;
        while (true) {
            int node = nodes.current();
            long tryNanos = Math.min(options.callTimeout().toNanos(), deadline - System.nanoTime());
            try {
                return call.apply(ClientInterceptors.intercept(
                        nodes.channel(node), new TryDeadline(Deadline.after(tryNanos, TimeUnit.NANOSECONDS))));
            } catch (StatusRuntimeException e) {
                if (!outcomeUnknown(e.getStatus())) {
                    throw refusal.apply(what, e);
                }
                last = e;
                nodes.moveOn(node);
            }
            if (System.nanoTime() + pause.toNanos() >= deadline) {
                throw new ClusterUnavailableException(
                        what + ": no node answered within " + options.retryFor() + " (last: " + describe(last) + ")",
                        last);
            }
            sleep(pause);
            pause = nextPause(pause);
        }
    }

    static Duration nextPause(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
    }

    /**
     * Whether a failure says nothing about the request, so another node (or the same one later) is worth a try: no
     * answer, no quorum, a deadline, or a connection that closed under the call (grpc-java's UNKNOWN "channel
     * closed" when the node is killed with the call in flight).
     */
    static boolean outcomeUnknown(Status status) {
        return UNKNOWN_OUTCOME.contains(status.getCode());
    }

    /** Gives every call on the try's channel the try's deadline, or its own when that is sooner. */
    private static final class TryDeadline implements ClientInterceptor {
        private final Deadline deadline;

        TryDeadline(Deadline deadline) {
            this.deadline = deadline;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(
                MethodDescriptor<Q, R> method, CallOptions callOptions, Channel next) {
            Deadline own = callOptions.getDeadline();
            return next.newCall(method, callOptions.withDeadline(own == null ? deadline : own.minimum(deadline)));
        }
    }

    /** What a node's refusal means to the caller. */
    static WorkClientException refused(String what, StatusRuntimeException e) {
        String message = what + ": " + describe(e);
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
            return new TaskNotFoundException(message, e);
        }
        if (REFUSED.contains(e.getStatus().getCode())) {
            return new InvalidTaskException(message, e);
        }
        return new WorkClientException(message, e);
    }

    static WorkClientException queueRefused(String what, StatusRuntimeException e) {
        return e.getStatus().getCode() == Status.Code.NOT_FOUND
                ? new WorkClientException(what + ": " + describe(e), e)
                : refused(what, e);
    }

    static String describe(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return e.getStatus().getCode() + (description == null ? "" : " " + description);
    }

    private static void sleep(Duration pause) {
        try {
            TimeUnit.NANOSECONDS.sleep(pause.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkClientException("interrupted while waiting to try again", e);
        }
    }
}
