package dev.workcluster.e2e;

import dev.workcluster.testkit.RawBytes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext gRPC server on loopback with no proto of its own, standing in for a leader behind the proxy:
 * it records the headers of every call, answers {@link #ECHO} with the request's bytes and {@link #COUNT}
 * (a client stream) with how many bytes arrived, as 8 bytes.
 */
final class RecordingUpstream implements AutoCloseable {
    static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<byte[], byte[]> COUNT = method("Count", MethodDescriptor.MethodType.CLIENT_STREAMING);

    final List<Metadata> headers = new CopyOnWriteArrayList<>();
    private final Server server;

    RecordingUpstream() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Recorder")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, reply) -> {
                    reply.onNext(request);
                    reply.onCompleted();
                }))
                .addMethod(COUNT, ServerCalls.asyncClientStreamingCall(RecordingUpstream::counter))
                .build();
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata metadata, ServerCallHandler<Q, R> next) {
                headers.add(metadata);
                return next.startCall(call, metadata);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, recorder))
                .build()
                .start();
    }

    String address() {
        return "127.0.0.1:" + server.getPort();
    }

    private static StreamObserver<byte[]> counter(StreamObserver<byte[]> reply) {
        return new StreamObserver<>() {
            private long bytes;

            @Override
            public void onNext(byte[] message) {
                bytes += message.length;
            }

            @Override
            public void onError(Throwable error) {
                // the client or the proxy ended the stream: nothing to answer
            }

            @Override
            public void onCompleted() {
                reply.onNext(ByteBuffer.allocate(Long.BYTES).putLong(bytes).array());
                reply.onCompleted();
            }
        };
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Recorder", name))
                .setRequestMarshaller(RawBytes.MARSHALLER)
                .setResponseMarshaller(RawBytes.MARSHALLER)
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
