package dev.workcluster.leader.rpc;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.health.v1.HealthGrpc;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The threads that run call handlers, in two pools so that liveness never waits behind
 * other work. A worker's heartbeat (cluster.v1 Heartbeat, and every message of a Session
 * stream) that sat in a queue behind reads would look like silence and expire a healthy
 * worker; the node's own health check, likewise, would make an orchestrator restart a
 * node that is only busy. Those run on the liveness pool; every other call runs on the
 * request pool, however deep its queue.
 *
 * <p>grpc-java looks each new call's method up on the server's default executor and only
 * then moves the call to the executor {@link #getExecutor} names (null: stay). So the
 * liveness pool is the default, which costs each other call one short lookup there.
 *
 * <p>Both are work-stealing pools of one thread per core. grpc-java's own default is a
 * cached pool that hands every message to a parked thread; on few cores the park/unpark
 * per message costs more than the handlers, which only validate and enqueue.
 */
final class CallExecutors implements ServerCallExecutorSupplier, AutoCloseable {
    static final Set<String> LIVENESS_SERVICES = Set.of(HealthGrpc.SERVICE_NAME);
    static final Set<String> LIVENESS_METHODS = Set.of(LeaderServiceGrpc.getHeartbeatMethod().getFullMethodName(),
            LeaderServiceGrpc.getSessionMethod().getFullMethodName());

    private final ForkJoinPool liveness = pool("grpc-liveness-");
    private final ForkJoinPool requests = pool("grpc-calls-");

    /** The server's default executor. */
    Executor liveness() {
        return liveness;
    }

    @Override
    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
        return isLiveness(call.getMethodDescriptor().getFullMethodName(), call.getMethodDescriptor().getServiceName())
                ? null : requests;
    }

    static boolean isLiveness(String fullMethodName, String serviceName) {
        return LIVENESS_METHODS.contains(fullMethodName) || LIVENESS_SERVICES.contains(serviceName);
    }

    /** Call after the servers have terminated. */
    @Override
    public void close() {
        requests.shutdown();
        liveness.shutdown();
    }

    private static ForkJoinPool pool(String namePrefix) {
        return new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()), pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName(namePrefix + thread.getPoolIndex());
            return thread;
        }, null, true);
    }
}
