package dev.workcluster.worker.internal;

import dev.workcluster.worker.TlsSettings;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One channel per leader address, made on first use and closed together. Thread-safe. */
public final class Channels implements AutoCloseable {
    private final ChannelFactory factory;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Channels(ChannelFactory factory) {
        this.factory = factory;
    }

    /**
     * The production factory: plaintext, or TLS whose files are read again every minute.
     * Callbacks run on the transport's thread (direct executor): every callback of this
     * library only posts to the worker's control thread, and skipping grpc's own executor
     * saves a thread hand-off per message.
     */
    public static ChannelFactory factory(TlsSettings tls) {
        if (tls == null) {
            return address -> Grpc.newChannelBuilder(address, InsecureChannelCredentials.create())
                    .directExecutor()
                    .build();
        }
        ReloadingTls reloading = new ReloadingTls(tls);
        ChannelCredentials credentials = reloading.channelCredentials();
        return new ChannelFactory() {
            @Override
            public ManagedChannel create(String address) {
                ManagedChannelBuilder<?> builder =
                        Grpc.newChannelBuilder(address, credentials).directExecutor();
                if (tls.serverName() != null && !tls.serverName().isBlank()) {
                    builder.overrideAuthority(tls.serverName());
                }
                return builder.build();
            }

            @Override
            public void close() {
                reloading.close();
            }
        };
    }

    /** The channel to this address. */
    public ManagedChannel get(String address) {
        if (closed) {
            throw new IllegalStateException("channels are closed");
        }
        return channels.computeIfAbsent(address, factory::create);
    }

    /** Shuts every channel down, waiting up to a second each, then forces them. */
    @Override
    public void close() {
        closed = true;
        factory.close();
        List<ManagedChannel> all = new ArrayList<>(channels.values());
        channels.clear();
        all.forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : all) {
            try {
                if (!channel.awaitTermination(1, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
