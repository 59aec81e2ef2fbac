package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.access.TlsFiles;
import dev.workcluster.testkit.DevCertificates;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard on a node that enforces roles: anyone reads as a viewer, and only an admin named
 * by a trusted proxy schedules or cancels, on the node's own role checks.
 */
class DashboardRolesTest {
    private static final String JSON = "application/json";
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int enforcingPort = FreePorts.next();
    private EmbeddedCluster enforcing;

    @AfterEach
    void stop() throws InterruptedException {
        if (enforcing != null) {
            enforcing.close();
        }
    }

    @Test
    void withRolesEnforcedOnlyAnAdminNamedByATrustedProxyMayChangeAnything() throws Exception {
        // The test's HTTP client and the dashboard's own gRPC calls both come from 127.0.0.1, the trusted proxy.
        enforcing = EmbeddedCluster.start(
                "dashboard-roles",
                config -> config.withHttpPort(enforcingPort)
                        .withAccess(new AccessSettings(null, List.of("127.0.0.1"), false)));
        String viewer = "CN=alice,OU=viewer,O=workcluster";
        String admin = "CN=root,OU=admin,O=workcluster";

        await().atMost(Duration.ofSeconds(30))
                .alias("the dashboard's own watch runs as a viewer through the trusted loopback address")
                .until(() -> sendAs(null, "GET", "/api/series", null).body().contains("\"live\":true"));
        assertThat(sendAs(null, "GET", "/api/whoami", null).body()).contains("\"mayChange\":false");
        assertThat(sendAs(viewer, "GET", "/api/whoami", null).body())
                .contains("\"mayChange\":false")
                .contains("\"role\":\"viewer\"");
        assertThat(sendAs(admin, "GET", "/api/whoami", null).body()).contains("\"mayChange\":true");
        assertThat(sendAs(viewer, "GET", "/api/tasks", null).statusCode()).isEqualTo(200);
        assertThat(sendAs(null, "GET", "/api/status", null).statusCode())
                .as("anyone reads, as a viewer")
                .isEqualTo(200);

        HttpResponse<String> anonymous = sendAs(null, "POST", "/api/tasks", "{\"payload\":\"x\"}");
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).contains("needs the admin role").contains("names no caller");
        HttpResponse<String> byViewer = sendAs(viewer, "POST", "/api/tasks", "{\"payload\":\"x\",\"id\":\"v1\"}");
        assertThat(byViewer.statusCode()).isEqualTo(403);
        assertThat(byViewer.body()).contains("needs the admin role").contains("principal 'alice' (role viewer)");
        assertThat(sendAs(viewer, "POST", "/api/tasks/v1/cancel", "{}").statusCode())
                .isEqualTo(403);

        HttpResponse<String> byAdmin = sendAs(admin, "POST", "/api/tasks", "{\"payload\":\"x\",\"id\":\"a1\"}");
        assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(201);
        assertThat(sendAs(viewer, "GET", "/api/tasks/a1", null).body()).contains("\"payload\":\"x\"");
        HttpResponse<String> cancelled = sendAs(admin, "POST", "/api/tasks/a1/cancel", "{}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.body()).contains("\"status\":\"CANCELLED\"");
        // A worker's certificate reads nothing: the node's own role check answers, through the dashboard.
        HttpResponse<String> byWorker = sendAs("CN=w1,OU=worker,O=workcluster", "GET", "/api/tasks", null);
        assertThat(byWorker.statusCode()).isEqualTo(403);
        assertThat(byWorker.body()).contains("may not call scheduler.v1.SchedulerService/GetTasks");
    }

    @Test
    void withNodeTlsThePageReadsThroughTheNodesOwnCertificateAndChangesNothing() throws Exception {
        DevCertificates pki = DevCertificates.get();
        enforcing = EmbeddedCluster.start(
                "dashboard-tls",
                config -> config.withHttpPort(enforcingPort)
                        .withAccess(new AccessSettings(
                                TlsFiles.of(pki.leaderCert(), pki.leaderKey(), pki.ca()), List.of(), false)));
        await().atMost(Duration.ofSeconds(30))
                .alias("the dashboard's watch, over mutual TLS on loopback, is live")
                .until(() -> sendAs(null, "GET", "/api/series", null).body().contains("\"live\":true"));
        assertThat(sendAs(null, "GET", "/api/status", null).body()).contains("\"role\":\"LEADER\"");
        assertThat(sendAs(null, "GET", "/api/whoami", null).body()).contains("\"mayChange\":false");
        // Not a trusted proxy: the header names nobody.
        HttpResponse<String> refused =
                sendAs("CN=root,OU=admin,O=workcluster", "POST", "/api/tasks", "{\"payload\":\"x\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("needs the admin role");
    }

    private HttpResponse<String> sendAs(String subject, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + enforcingPort + path))
                .timeout(Duration.ofSeconds(15))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", JSON);
        }
        if (subject != null) {
            request.header("x-workcluster-client-subject", subject);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
