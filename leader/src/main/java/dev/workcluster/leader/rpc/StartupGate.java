package dev.workcluster.leader.rpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.function.BooleanSupplier;

/**
 * Refuses client calls with UNAVAILABLE until the node has replayed its log: before
 * that, reads would miss acknowledged tasks and heartbeats would miss members.
 * Health checks and reflection pass (health says NOT_SERVING meanwhile).
 */
final class StartupGate implements ServerInterceptor {
    private final BooleanSupplier ready;

    StartupGate(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String service = call.getMethodDescriptor().getServiceName();
        boolean infrastructure = service != null && service.startsWith("grpc.");
        if (infrastructure || ready.getAsBoolean()) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNAVAILABLE.withDescription("node is starting: replaying its log"), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
