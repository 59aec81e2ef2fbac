package dev.workcluster.leader.rpc;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.health.v1.HealthGrpc;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.stream.Stream;

/**
 * Which thread runs a call's handler. Handlers that only validate, look something up and
 * propose (heartbeats, session streams, health checks, joins, submits, cancels, reports)
 * run on the network thread that read the message; everything that walks the state
 * (listings, watches, status) runs on a request pool, so a long listing never holds up a
 * network thread and the heartbeats it reads.
 *
 * <p>Why not a pool for all of them: on this kind of machine handing a message to a
 * parked thread costs more (a futex wake-up and a context switch, tens of microseconds
 * on a virtual machine) than the handlers themselves, and the hot path crossed two such
 * hand-offs per message before. A heartbeat handled on the thread that read it also
 * never sits in a queue behind other work, which is what liveness needs.
 *
 * <p>grpc-java looks each new call's method up on the server's default executor and only
 * then moves the call to the executor {@link #getExecutor} names (null: stay), so the
 * default is the calling thread itself.
 */
final class CallExecutors implements ServerCallExecutorSupplier, AutoCloseable {
    static final Set<String> ON_NETWORK_THREAD_SERVICES = Set.of(HealthGrpc.SERVICE_NAME);
    static final Set<String> ON_NETWORK_THREAD_METHODS = Stream.of(
                    LeaderServiceGrpc.getHeartbeatMethod(), LeaderServiceGrpc.getSessionMethod(),
                    LeaderServiceGrpc.getJoinMethod(), LeaderServiceGrpc.getLeaveMethod(),
                    SchedulerServiceGrpc.getScheduleTaskMethod(), SchedulerServiceGrpc.getScheduleTasksMethod(),
                    SchedulerServiceGrpc.getCancelTaskMethod(), SchedulerServiceGrpc.getTaskCompleteMethod())
            .map(MethodDescriptor::getFullMethodName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final ForkJoinPool requests = pool("grpc-calls-");

    /** The server's default executor: the network thread. */
    Executor networkThread() {
        return Runnable::run;
    }

    @Override
    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
        return onNetworkThread(
                        call.getMethodDescriptor().getFullMethodName(),
                        call.getMethodDescriptor().getServiceName())
                ? null
                : requests;
    }

    static boolean onNetworkThread(String fullMethodName, String serviceName) {
        return ON_NETWORK_THREAD_METHODS.contains(fullMethodName) || ON_NETWORK_THREAD_SERVICES.contains(serviceName);
    }

    /** Call after the servers have terminated. */
    @Override
    public void close() {
        requests.shutdown();
    }

    private static ForkJoinPool pool(String namePrefix) {
        return new ForkJoinPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                pool -> {
                    ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    thread.setName(namePrefix + thread.getPoolIndex());
                    return thread;
                },
                null,
                true);
    }
}
