package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor;
import io.grpc.services.HealthStatusManager;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read watermark of a real gRPC server on loopback, with its event loops free and stalled. */
class ServerEventLoopsTest {
    private static final HealthCheckRequest CHECK = HealthCheckRequest.getDefaultInstance();

    final ServerEventLoops loops = new ServerEventLoops();
    final CountDownLatch release = new CountDownLatch(1);
    Server server;
    ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        server = loops.configure(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)))
                .addService(new HealthStatusManager().getHealthService())
                .build()
                .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        loops.close();
    }

    @Test
    void anIdleNodeHasReadAlmostUpToNow() {
        HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(CHECK);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> System.nanoTime() - loops.readUpToNanos() < 4 * ServerEventLoops.PROBE_INTERVAL_NANOS);
    }

    @Test
    void whileItsEventLoopsAreStalledTheNodeHasNotReadWhatArrivesAndCatchesUpAfter() throws Exception {
        CountDownLatch stalled = new CountDownLatch(loops.loops().size());
        for (EventExecutor loop : loops.loops()) {
            loop.execute(() -> {
                stalled.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
        long stallStarted = System.nanoTime();

        ListenableFuture<HealthCheckResponse> reply =
                HealthGrpc.newFutureStub(channel).check(CHECK);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> loops.readUpToNanos() - stallStarted < 0 && !reply.isDone());

        long releasedAt = System.nanoTime();
        release.countDown();
        assertThat(reply.get(10, TimeUnit.SECONDS)).isNotNull(); // answered once the loop reads again
        await().atMost(Duration.ofSeconds(5)).until(() -> loops.readUpToNanos() - releasedAt > 0);
    }
}
