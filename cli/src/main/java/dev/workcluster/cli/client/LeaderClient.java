package dev.workcluster.cli.client;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.worker.TlsSettings;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The CLI's connection to the cluster: tries the leader addresses in order and fails
 * over on UNAVAILABLE, all within one overall timeout. A server's answer (NOT_FOUND,
 * INVALID_ARGUMENT, ...) is final and reaches the caller as it is.
 */
public final class LeaderClient implements AutoCloseable {
    private final List<String> addresses;
    private final Duration timeout;
    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
    private final ChannelCredentials credentials;
    private final String serverName;

    /** Plaintext. */
    public LeaderClient(List<String> addresses, Duration timeout) {
        this(addresses, timeout, null);
    }

    /** Over TLS when {@code tls} is set (its CA, and its certificate for mutual TLS), else plaintext. */
    public LeaderClient(List<String> addresses, Duration timeout, TlsSettings tls) {
        this.addresses = List.copyOf(addresses);
        this.timeout = timeout;
        this.credentials = credentials(tls);
        this.serverName = tls == null ? null : tls.serverName();
    }

    private static ChannelCredentials credentials(TlsSettings tls) {
        if (tls == null) {
            return InsecureChannelCredentials.create();
        }
        try {
            TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
            if (tls.caCertificate() != null) {
                builder.trustManager(tls.caCertificate().toFile());
            }
            if (tls.clientCertificate() != null) {
                builder.keyManager(
                        tls.clientCertificate().toFile(), tls.clientKey().toFile());
            }
            return builder.build();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS files: " + e.getMessage(), e);
        }
    }

    public Duration timeout() {
        return timeout;
    }

    /** One unary call on the scheduler service, with failover. */
    public <T> T scheduler(Function<SchedulerServiceGrpc.SchedulerServiceBlockingStub, T> call) {
        return withFailover(channel -> call.apply(SchedulerServiceGrpc.newBlockingStub(channel)));
    }

    /** One unary call on the cluster service, with failover. */
    public <T> T cluster(Function<LeaderServiceGrpc.LeaderServiceBlockingStub, T> call) {
        return withFailover(channel -> call.apply(LeaderServiceGrpc.newBlockingStub(channel)));
    }

    /** The channel to {@code address}, made on first use and kept until {@link #close()}; for streaming calls. */
    public ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> {
            NettyChannelBuilder builder = NettyChannelBuilder.forTarget(a, credentials);
            if (serverName != null && !serverName.isBlank()) {
                builder.overrideAuthority(serverName);
            }
            return builder.build();
        });
    }

    public List<String> addresses() {
        return addresses;
    }

    private <T> T withFailover(Function<io.grpc.Channel, T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> failures = new ArrayList<>();
        for (String address : addresses) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                failures.add(address + " (not tried: timeout spent)");
                continue;
            }
            try {
                io.grpc.Channel channel =
                        io.grpc.ClientInterceptors.intercept(channel(address), new DeadlineInterceptor(remaining));
                return call.apply(channel);
            } catch (StatusRuntimeException e) {
                if (!isUnreachable(e.getStatus())) {
                    throw e;
                }
                failures.add(address + " (" + describe(e.getStatus()) + ")");
            }
        }
        throw new LeaderUnreachableException("cannot reach the leader at " + String.join(", ", failures));
    }

    /**
     * Whether another address is worth trying: the node did not answer. A connection that closes
     * under a call in flight (the node was killed) reaches grpc-java as UNKNOWN "channel closed".
     */
    static boolean isUnreachable(Status status) {
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> true;
            case UNKNOWN -> status.getCause() instanceof java.nio.channels.ClosedChannelException;
            default -> false;
        };
    }

    /** Why a call failed, for one line of output: the server's description, or the transport's reason. */
    public static String describe(Status status) {
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return "no answer in time";
        }
        Throwable cause = status.getCause();
        String reason = status.getDescription() != null
                ? status.getDescription()
                : cause != null && cause.getMessage() != null
                        ? cause.getMessage()
                        : status.getCode().name();
        return reason.replaceAll("^io\\.grpc\\.[\\w.$]+: ", "");
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : channels.values()) {
            try {
                channel.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
