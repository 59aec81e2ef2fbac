package dev.workcluster.bench;

import dev.workcluster.testkit.RawBytes;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical reference: no-op grpc-java unary calls over loopback TCP, client and
 * server in this JVM, a fixed number of calls outstanding (each completion issues the
 * next). Empty byte messages, so only gRPC, HTTP/2 and the loopback stack are measured.
 */
final class UnaryBaseline {
    static final int OUTSTANDING = 64;

    private static final MethodDescriptor<byte[], byte[]> NOOP = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("bench.Baseline/Noop")
            .setRequestMarshaller(RawBytes.MARSHALLER)
            .setResponseMarshaller(RawBytes.MARSHALLER)
            .build();

    private UnaryBaseline() {}

    /** Calls per second over {@code measure}, after a warm-up of the same load (see {@link WarmUp}). */
    static double callsPerSecond(LoadRun.Warm warm, Duration measure) throws IOException, InterruptedException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Baseline")
                .addMethod(NOOP, ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> reply) -> {
                    reply.onNext(request);
                    reply.onCompleted();
                }))
                .build();
        Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(service)
                .build()
                .start();
        ManagedChannel channel = Grpc.newChannelBuilder(
                        "127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create())
                .build();
        AtomicLong completed = new AtomicLong();
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        try {
            for (int i = 0; i < OUTSTANDING; i++) {
                call(channel, completed, stopAt);
            }
            WarmUp.await(warm.min(), warm.max());
            long before = completed.get();
            long start = System.nanoTime();
            stopAt.set(start + measure.toNanos());
            Polling.sleepUntil(stopAt.get());
            long calls = completed.get() - before;
            return calls / ((System.nanoTime() - start) / 1e9);
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void call(ManagedChannel channel, AtomicLong completed, AtomicLong stopAt) {
        ClientCalls.asyncUnaryCall(channel.newCall(NOOP, CallOptions.DEFAULT), new byte[0], new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
                completed.incrementAndGet();
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {
                if (System.nanoTime() < stopAt.get()) {
                    call(channel, completed, stopAt);
                }
            }
        });
    }
}
