package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.DevCertificates;
import dev.workcluster.testkit.DevCertificates.CertificateFiles;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.LibraryWorkers;
import dev.workcluster.testkit.NginxProxy;
import dev.workcluster.testkit.TaskClient;
import dev.workcluster.worker.WorkerOptions;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A leader (plaintext on loopback) behind a real nginx that terminates mutual TLS, configured from
 * {@code deploy/nginx/workcluster.conf} with the PKI of {@code deploy/tls/dev-certs.sh}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ADMIN_SUBJECT = "CN=admin,OU=admin,O=workcluster-dev";

    final DevCertificates pki = DevCertificates.get();
    final LibraryWorkers workers = new LibraryWorkers(Duration.ofSeconds(2));
    EmbeddedCluster leader;
    NginxProxy proxy;
    ManagedChannel admin;

    @BeforeAll
    void start() throws Exception {
        leader = EmbeddedCluster.start("nginx-proxy", c -> c);
        proxy = NginxProxy.newBuilder(leader.address()).start();
        admin = channel(pki.client("admin"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            workers.close();
            if (admin != null) {
                admin.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            try {
                if (proxy != null) {
                    proxy.close();
                }
            } finally {
                leader.close();
            }
        }
    }

    ManagedChannel channel(CertificateFiles client) {
        return Grpc.newChannelBuilder(proxy.address(), pki.credentials(client)).build();
    }

    @Test
    void workerWithItsCertificateRunsATaskAnAdminScheduledThroughTheProxy() {
        workers.start(
                WorkerOptions.newBuilder()
                        .setLeaderAddresses(proxy.address())
                        .setWorkerId("w1")
                        .setSlots(1)
                        .setTls(pki.workerTls("w1")),
                context -> "ran " + context.payload());
        TaskClient tasks = new TaskClient(admin);
        await().atMost(WAIT)
                .until(() -> members().stream()
                        .anyMatch(m -> m.getId().equals("w1") && m.getStatus().startsWith("alive")));

        tasks.schedule("through-nginx", "over mutual TLS");

        await().atMost(WAIT).until(() -> tasks.get("through-nginx").getStatus() == TaskStatus.TASK_STATUS_COMPLETED);
        Task task = tasks.get("through-nginx");
        assertThat(task.getResult()).isEqualTo("ran over mutual TLS");
        assertThat(task.getWorkerId()).isEqualTo("w1");
        assertThat(proxy.accessLog())
                .as("nginx's log of the schedule call names the admin certificate's subject")
                .anyMatch(line -> line.contains("/scheduler.v1.SchedulerService/ScheduleTask")
                        && line.contains("subject=\"" + ADMIN_SUBJECT + "\"")
                        && line.contains("verify=\"SUCCESS\""));
    }

    private List<Member> members() {
        return LeaderServiceGrpc.newBlockingStub(admin)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .members(MembersRequest.getDefaultInstance())
                .getMembersList();
    }

    Stream<Arguments> refusedClients() {
        return Stream.of(
                Arguments.of(
                        "no certificate", null, "no client certificate: this endpoint requires mutual TLS", "NONE"),
                Arguments.of(
                        "from an untrusted CA",
                        pki.untrustedAdmin(),
                        "client certificate refused: unable to verify the first certificate",
                        "FAILED:unable to verify the first certificate"),
                Arguments.of(
                        "expired",
                        pki.expiredAdmin(),
                        "client certificate refused: certificate has expired",
                        "FAILED:certificate has expired"));
    }

    /**
     * nginx completes the TLS handshake whatever the client certificate, then refuses each call; the template
     * turns that refusal into UNAUTHENTICATED with the reason, and the leader never sees the call.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedClients")
    void callWithoutAnAcceptableCertificateIsRefusedWithTheReason(
            String name, CertificateFiles client, String reason, String verification) throws InterruptedException {
        ManagedChannel channel = channel(client);
        try {
            String id = "refused-" + name.replace(' ', '-');
            StatusRuntimeException refused = catchThrowableOfType(
                    StatusRuntimeException.class, () -> new TaskClient(channel).schedule(id, "never stored"));

            assertThat(refused).as("the call was refused").isNotNull();
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(refused.getStatus().getDescription()).startsWith(reason);
            StatusRuntimeException unknown = catchThrowableOfType(
                    StatusRuntimeException.class, () -> leader.tasks().get(id));
            assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            // nginx writes its log line once the reply is out, so it may come a moment after the client has it.
            await().atMost(WAIT)
                    .until(() -> proxy.accessLog().stream()
                            .anyMatch(line -> line.contains("verify=\"" + verification + "\" upstream=- ")
                                    && line.endsWith("grpc_status_header=16")));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void callThroughAProxyWhoseNodeIsDownIsUnavailable() throws Exception {
        try (NginxProxy toNothing =
                NginxProxy.newBuilder("127.0.0.1:" + FreePorts.next()).start()) {
            ManagedChannel channel = Grpc.newChannelBuilder(toNothing.address(), pki.credentials(pki.client("admin")))
                    .build();
            try {
                StatusRuntimeException refused =
                        catchThrowableOfType(StatusRuntimeException.class, () -> new TaskClient(channel).get("any"));

                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(refused.getStatus().getDescription())
                        .isEqualTo("the workcluster node behind this proxy did not answer");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
