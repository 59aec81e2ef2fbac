package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.testkit.DevCertificates;
import dev.workcluster.testkit.DevCertificates.CertificateFiles;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.NginxProxy;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS to a real leader, through nginx terminating it as deploy/nginx/workcluster.conf does: TLS that checks only
 * the node's certificate (a CA and no certificate of the client's own, as the CLI's {@code --tls-ca} alone) where
 * the proxy asks for no client certificate; where it asks for one, refused with nginx's reason, and taken with the
 * client's certificate and key.
 */
class WorkClientTlsTest {
    private static final DevCertificates pki = DevCertificates.get();
    private static EmbeddedCluster cluster;
    private static NginxProxy serverOnly;
    private static NginxProxy mutual;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start("client-tls", config -> config);
        cluster.startWorker(
                WorkerOptions.newBuilder().setWorkerId("w1").setSlots(1), context -> "did " + context.payload());
        serverOnly = NginxProxy.newBuilder(cluster.address())
                .directive("ssl_verify_client", "off")
                .start();
        mutual = NginxProxy.newBuilder(cluster.address()).start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (serverOnly != null) {
            serverOnly.close();
        }
        if (mutual != null) {
            mutual.close();
        }
        cluster.close();
    }

    private static WorkClient connect(NginxProxy proxy, ClientOptions.Tls tls) {
        return WorkClient.connect(ClientOptions.of(proxy.address()).withTls(tls));
    }

    @Test
    void tlsThatChecksOnlyTheNodeSchedulesAwaitsAndCallsWithoutACertificate() throws Exception {
        try (WorkClient client = connect(serverOnly, new ClientOptions.Tls(pki.ca(), null, null, null))) {
            client.schedule(TaskSpec.of("over tls").withId("tls-server-only"));

            TaskResult result = client.awaitResult("tls-server-only", Duration.ofSeconds(30))
                    .get(30, TimeUnit.SECONDS);
            assertThat(result.result()).isEqualTo("did over tls");
            assertThat(client.call(
                                    "read the node's status",
                                    channel -> LeaderServiceGrpc.newBlockingStub(channel)
                                            .getStatus(GetStatusRequest.getDefaultInstance()))
                            .getRole())
                    .isEqualTo("LEADER");
        }
    }

    @Test
    void whereAClientCertificateIsRequiredNoneIsRefusedAndTheClientsOwnIsTaken() {
        try (WorkClient anonymous = connect(mutual, new ClientOptions.Tls(pki.ca(), null, null, null))) {
            assertThatThrownBy(() -> anonymous.get("tls-any"))
                    .isInstanceOf(InvalidTaskException.class)
                    .hasMessageContaining("UNAUTHENTICATED no client certificate");
        }
        CertificateFiles admin = pki.client("admin");
        ClientOptions.Tls mutualTls = new ClientOptions.Tls(pki.ca(), admin.certificate(), admin.key(), null);
        try (WorkClient client = connect(mutual, mutualTls)) {
            assertThat(client.schedule(TaskSpec.of("with a certificate").withId("tls-mutual"))
                            .id())
                    .isEqualTo("tls-mutual");
        }
    }
}
