package dev.workcluster.client.internal;

import dev.workcluster.client.ClientOptions;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One channel per node address, and which node to try now: the same one while it answers, the
 * next after it did not.
 */
public final class Nodes implements AutoCloseable {
    /** How long an open call's connection may stay silent before a ping (gRPC's shortest). */
    static final java.time.Duration KEEPALIVE = java.time.Duration.ofSeconds(10);

    static final java.time.Duration KEEPALIVE_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final List<String> addresses;
    private final ManagedChannel[] channels;
    private final AtomicInteger current = new AtomicInteger();

    public Nodes(ClientOptions options) {
        this.addresses = options.addresses();
        this.channels = new ManagedChannel[addresses.size()];
        ChannelCredentials credentials = credentials(options.tls());
        for (int i = 0; i < channels.length; i++) {
            String address = addresses.get(i);
            int colon = address.lastIndexOf(':');
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress(
                    address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), credentials);
            if (options.tls() != null && options.tls().serverName() != null) {
                builder.overrideAuthority(options.tls().serverName());
            }
            // A node that stops answering (frozen, cut off) leaves an open stream, such as a watch,
            // silent rather than broken; pings while a call is open find that out and fail the call,
            // so the watch moves to the next node. The nodes permit pings this often (GrpcEndpoints).
            channels[i] = builder.keepAliveTime(KEEPALIVE.toSeconds(), TimeUnit.SECONDS)
                    .keepAliveTimeout(KEEPALIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .build();
        }
    }

    /** The node to try now. */
    public int current() {
        return current.get();
    }

    public ManagedChannel channel(int node) {
        return channels[node];
    }

    public String address(int node) {
        return addresses.get(node);
    }

    /** The channel to the node at {@code address}, one of the options'. */
    public ManagedChannel channel(String address) {
        int node = addresses.indexOf(address);
        if (node < 0) {
            throw new IllegalArgumentException("'" + address + "' is not one of this client's nodes " + addresses);
        }
        return channels[node];
    }

    /** {@code failed} did not answer: the next try goes to the node after it (unless another try moved on already). */
    public void moveOn(int failed) {
        current.compareAndSet(failed, (failed + 1) % channels.length);
        channels[failed].resetConnectBackoff();
    }

    private static ChannelCredentials credentials(ClientOptions.Tls tls) {
        if (tls == null) {
            return InsecureChannelCredentials.create();
        }
        try {
            TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
            if (tls.ca() != null) { // else the JVM's default trust store
                builder.trustManager(tls.ca().toFile());
            }
            if (tls.cert() != null) { // else TLS that checks the nodes and presents no certificate
                builder.keyManager(tls.cert().toFile(), tls.key().toFile());
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the client's TLS files: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
