package dev.workcluster.cli.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.concurrent.TimeUnit;

/** Gives every call made through it what is left of the command's overall timeout. */
final class DeadlineInterceptor implements ClientInterceptor {
    private final long nanos;

    DeadlineInterceptor(long nanos) {
        this.nanos = nanos;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return next.newCall(method, options.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS));
    }
}
