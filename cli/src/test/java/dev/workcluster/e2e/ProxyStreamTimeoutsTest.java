package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import dev.workcluster.testkit.DevCertificates;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.LibraryWorkers;
import dev.workcluster.testkit.NginxProxy;
import dev.workcluster.testkit.TaskClient;
import dev.workcluster.worker.WorkerOptions;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long-lived streams through nginx whose idle timeouts ({@link NginxProxy#STREAM_IDLE_TIMEOUTS}) are cut to 2 s:
 * they bound silence, not a stream's age, so a stream with traffic outlives them, and only
 * {@code grpc_read_timeout} ends a stream on which the leader sends nothing.
 */
class ProxyStreamTimeoutsTest {
    private static final Duration IDLE = Duration.ofSeconds(2);
    /** Long enough to outlast every idle timeout three times over. */
    private static final Duration OUTLAST = IDLE.multipliedBy(3).plusMillis(500);

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SESSION = "/cluster.v1.LeaderService/Session";

    final DevCertificates pki = DevCertificates.get();
    final LibraryWorkers workers = new LibraryWorkers(Duration.ofSeconds(2));
    final List<NginxProxy> proxies = new ArrayList<>();
    final List<ManagedChannel> channels = new ArrayList<>();
    EmbeddedCluster leader;

    @BeforeEach
    void start() throws Exception {
        leader = EmbeddedCluster.start("nginx-timeouts", c -> c);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            workers.close();
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            try {
                for (NginxProxy proxy : proxies) {
                    proxy.close();
                }
            } finally {
                leader.close();
            }
        }
    }

    NginxProxy proxy(NginxProxy.Builder builder) throws Exception {
        NginxProxy proxy = builder.start();
        proxies.add(proxy);
        return proxy;
    }

    ManagedChannel adminChannel(NginxProxy proxy) {
        ManagedChannel channel = Grpc.newChannelBuilder(proxy.address(), pki.credentials(pki.client("admin")))
                .build();
        channels.add(channel);
        return channel;
    }

    @Test
    void sessionStreamOutlivesTheIdleTimeoutsBecauseItsHeartbeatsFlow() throws Exception {
        NginxProxy proxy = proxy(NginxProxy.newBuilder(leader.address()).streamIdleTimeouts(IDLE));
        workers.start(
                WorkerOptions.newBuilder()
                        .setLeaderAddresses(proxy.address())
                        .setWorkerId("w1")
                        .setSlots(1)
                        .setHeartbeatInterval(Duration.ofMillis(500))
                        .setTls(pki.workerTls("w1")),
                context -> "ran " + context.payload());
        await().atMost(WAIT).until(() -> leader.isAlive("w1"));

        // Lets time pass on purpose: the session must outlast three idle timeouts. nginx logs a call when it
        // ends, so a session that was cut (and the worker's reconnect) would leave a Session line behind.
        await().during(OUTLAST)
                .atMost(OUTLAST.plus(WAIT))
                .until(() -> leader.isAlive("w1") && sessionsEnded(proxy) == 0);

        TaskClient tasks = new TaskClient(adminChannel(proxy));
        tasks.schedule("after-idle", "on the same session");
        await().atMost(WAIT).until(() -> tasks.get("after-idle").getStatus() == TaskStatus.TASK_STATUS_COMPLETED);
        assertThat(sessionsEnded(proxy))
                .as("sessions ended, in " + proxy.accessLog())
                .isZero();
    }

    private static long sessionsEnded(NginxProxy proxy) {
        return proxy.accessLog().stream().filter(line -> line.contains(SESSION)).count();
    }

    @Test
    void idleWatchIsEndedByGrpcReadTimeoutAloneAndOutlivesTheOthers() throws Exception {
        NginxProxy allShort = proxy(NginxProxy.newBuilder(leader.address()).streamIdleTimeouts(IDLE));
        NginxProxy readLong = proxy(
                NginxProxy.newBuilder(leader.address()).streamIdleTimeouts(IDLE).directive("grpc_read_timeout", "1h"));
        Watch cut = Watch.open(adminChannel(allShort));
        Watch kept = Watch.open(adminChannel(readLong));
        await().atMost(WAIT).until(() -> cut.snapshotComplete() && kept.snapshotComplete());

        // nginx resets the stream (RST_STREAM INTERNAL_ERROR) once the leader has been silent for grpc_read_timeout.
        await().atMost(IDLE.plus(WAIT)).until(cut::ended);
        assertThat(cut.status.getCode()).as(cut.status.toString()).isEqualTo(Status.Code.INTERNAL);
        assertThat(Duration.ofNanos(cut.endedAt - cut.lastEventAt))
                .as("silence before the cut")
                .isGreaterThanOrEqualTo(IDLE.minusMillis(250));
        assertThat(allShort.errorLog())
                .contains("upstream timed out (110: Connection timed out) while reading upstream");

        // Lets time pass on purpose: with grpc_read_timeout long, the other idle timeouts do not end the watch.
        await().during(OUTLAST).atMost(OUTLAST.plus(WAIT)).until(() -> !kept.ended());
        leader.tasks().schedule("wakes-the-watch", "any");
        await().atMost(WAIT).until(() -> kept.sawTask("wakes-the-watch"));
    }

    @Test
    void theCliWatchReconnectsWhenNginxCutsItsIdleStream() throws Exception {
        NginxProxy proxy = proxy(NginxProxy.newBuilder(leader.address()).streamIdleTimeouts(IDLE));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = dev.workcluster.cli.Main.newCommandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        DevCertificates.CertificateFiles admin = pki.client("admin");
        java.util.concurrent.CompletableFuture<Integer> watch =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> cli.execute(
                        "watch",
                        "--count",
                        "1",
                        "--leader",
                        proxy.address(),
                        "--tls-ca",
                        pki.ca().toString(),
                        "--tls-cert",
                        admin.certificate().toString(),
                        "--tls-key",
                        admin.key().toString()));

        // nginx resets the watch once the leader has been silent for grpc_read_timeout (2 s here)
        await().atMost(IDLE.plus(WAIT))
                .until(() -> proxy.errorLog().contains("upstream timed out (110: Connection timed out)"));
        leader.tasks().schedule("after-the-cut", "any");

        assertThat(watch.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("after-the-cut");
    }

    /** A WatchTasks call that keeps what it receives and how it ended. */
    private static final class Watch implements StreamObserver<WatchTasksResponse> {
        final List<WatchTasksResponse> events = new CopyOnWriteArrayList<>();
        volatile Status status;
        volatile long lastEventAt;
        volatile long endedAt;

        static Watch open(ManagedChannel channel) {
            Watch watch = new Watch();
            SchedulerServiceGrpc.newStub(channel)
                    .watchTasks(
                            WatchTasksRequest.newBuilder()
                                    .setIncludeExisting(true)
                                    .build(),
                            watch);
            return watch;
        }

        boolean snapshotComplete() {
            return events.stream().anyMatch(WatchTasksResponse::hasSnapshotComplete);
        }

        boolean sawTask(String id) {
            return events.stream()
                    .anyMatch(e -> e.hasTask() && e.getTask().getId().equals(id));
        }

        boolean ended() {
            return status != null;
        }

        @Override
        public void onNext(WatchTasksResponse event) {
            lastEventAt = System.nanoTime();
            events.add(event);
        }

        @Override
        public void onError(Throwable error) {
            end(Status.fromThrowable(error));
        }

        @Override
        public void onCompleted() {
            end(Status.OK);
        }

        private void end(Status how) {
            endedAt = System.nanoTime();
            status = how;
        }
    }
}
