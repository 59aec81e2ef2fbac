package dev.workcluster.leader.rpc;

import io.grpc.Decompressor;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * gzip, as gRPC's own, but reading the gzip header only on the first read. gRPC's reads the
 * header as soon as a message arrives, in its deframer, where a body that is not gzip ends the
 * call with UNKNOWN and no message; read later, the failure reaches {@link RequestDecoding},
 * which answers INVALID_ARGUMENT naming it.
 */
final class LazyGzipDecompressor implements Decompressor {
    @Override
    public String getMessageEncoding() {
        return "gzip";
    }

    @Override
    public InputStream decompress(InputStream compressed) {
        return new InputStream() {
            private InputStream inflating;

            private InputStream inflating() throws IOException {
                if (inflating == null) {
                    inflating = new GZIPInputStream(compressed);
                }
                return inflating;
            }

            @Override
            public int read() throws IOException {
                return inflating().read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return inflating().read(buffer, offset, length);
            }

            @Override
            public void close() throws IOException {
                (inflating == null ? compressed : inflating).close();
            }
        };
    }
}
