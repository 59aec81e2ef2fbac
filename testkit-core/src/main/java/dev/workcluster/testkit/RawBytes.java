package dev.workcluster.testkit;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * gRPC messages as the bytes on the wire, unparsed: for calls no generated stub would make
 * (malformed requests, a proxy that only counts bytes, a no-op baseline).
 *
 * <pre>{@code
 * MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
 *         .setType(MethodDescriptor.MethodType.UNARY)
 *         .setFullMethodName("scheduler.v1.SchedulerService/GetTask")
 *         .setRequestMarshaller(RawBytes.MARSHALLER)
 *         .setResponseMarshaller(RawBytes.MARSHALLER)
 *         .build();
 * }</pre>
 */
public final class RawBytes {
    public static final MethodDescriptor.Marshaller<byte[]> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private RawBytes() {}
}
