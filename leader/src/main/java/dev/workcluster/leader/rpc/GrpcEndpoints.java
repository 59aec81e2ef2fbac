package dev.workcluster.leader.rpc;

import dev.workcluster.leader.access.AccessControl;
import io.grpc.BindableService;
import io.grpc.DecompressorRegistry;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The node's two client ports (cluster 50051, scheduler 50052). Both serve every
 * service, reflection (v1 and v1alpha, for older grpcurl) and grpc.health.v1, so
 * a client pointed at either port works. Every service decodes its own requests
 * ({@link RequestDecoding}), so a request that does not parse is INVALID_ARGUMENT.
 */
public final class GrpcEndpoints implements AutoCloseable {
    /** The most often a client may ping an idle connection that has a call open; clients ping every 10 s. */
    static final java.time.Duration PERMITTED_KEEPALIVE = java.time.Duration.ofSeconds(5);

    private final HealthStatusManager health = new HealthStatusManager();
    private final ServerInterceptor metrics;
    private final CallExecutors executors = new CallExecutors();
    private final Server clusterServer;
    private final Server schedulerServer;
    private final ServerEventLoops loops;
    private final AccessControl access;

    private volatile boolean ready;

    /** {@code maxMessageBytes}: largest inbound message, so a payload at the configured limit fits. */
    private final LeaderForwarding forwarding;

    /**
     * {@code leaderReady} / {@code leaderAddress}: whether this node is the ready Raft
     * leader, and the current leader's client address, for forwarding calls that need it.
     * Both servers run on {@code loops}, which are closed with them.
     */
    public GrpcEndpoints(
            String bindHost,
            int clusterPort,
            int schedulerPort,
            int maxMessageBytes,
            List<BindableService> services,
            BooleanSupplier leaderReady,
            Supplier<String> leaderAddress,
            String ownAddress,
            ServerEventLoops loops,
            AccessControl access,
            ServerInterceptor metrics)
            throws IOException {
        this.loops = loops;
        this.metrics = metrics;
        this.access = access;
        this.forwarding = new LeaderForwarding(
                leaderReady, leaderAddress, ownAddress, maxMessageBytes, access.channelCredentials());
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
        Server cluster = null;
        try {
            cluster = build(bindHost, clusterPort, maxMessageBytes, services).start();
            this.schedulerServer =
                    build(bindHost, schedulerPort, maxMessageBytes, services).start();
        } catch (IOException | RuntimeException e) {
            if (cluster != null) {
                cluster.shutdownNow();
            }
            loops.close();
            executors.close();
            throw e;
        }
        this.clusterServer = cluster;
    }

    private Server build(String bindHost, int port, int maxMessageBytes, List<BindableService> services) {
        NettyServerBuilder builder = loops.configure(NettyServerBuilder.forAddress(
                        new InetSocketAddress(bindHost, port), access.serverCredentials()))
                .maxInboundMessageSize(maxMessageBytes)
                // Clients ping every 10 s while a call (a watch, a session) is open, to notice a node
                // gone silent; the default would answer pings that frequent with GOAWAY.
                .permitKeepAliveTime(PERMITTED_KEEPALIVE.toSeconds(), TimeUnit.SECONDS)
                .decompressorRegistry(DecompressorRegistry.getDefaultInstance().with(new LazyGzipDecompressor(), true))
                .executor(executors.networkThread())
                .callExecutor(executors)
                .addService(RequestDecoding.of(health.getHealthService()))
                .addService(RequestDecoding.of(ProtoReflectionServiceV1.newInstance()))
                .addService(RequestDecoding.of(ProtoReflectionService.newInstance()))
                .intercept(new RemotePeer())
                .intercept(forwarding)
                .intercept(new StartupGate(() -> ready))
                .intercept(access.identity()) // nothing runs for a caller whose role does not allow the call
                .intercept(metrics); // first: refused calls are counted too
        services.forEach(service -> builder.addService(RequestDecoding.of(service, access.requestCheck())));
        return builder.build();
    }

    public int clusterPort() {
        return clusterServer.getPort();
    }

    public int schedulerPort() {
        return schedulerServer.getPort();
    }

    /** SERVING once this node has caught up with the log (any Raft role): it answers reads and forwards writes. */
    public void serving(boolean serving) {
        if (serving) {
            ready = true; // once the log is replayed, calls pass for good; writes on a non-leader fail on their own
        }
        health.setStatus(
                HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
                serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }

    @Override
    public void close() throws InterruptedException {
        health.enterTerminalState();
        forwarding.close();
        clusterServer.shutdown();
        schedulerServer.shutdown();
        if (!clusterServer.awaitTermination(5, TimeUnit.SECONDS)) {
            clusterServer.shutdownNow();
        }
        if (!schedulerServer.awaitTermination(5, TimeUnit.SECONDS)) {
            schedulerServer.shutdownNow();
        }
        loops.close();
        executors.close();
    }
}
