package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.access.TlsFiles;
import dev.workcluster.testkit.DevCertificates;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FreePorts;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The dashboard's JSON API on a live leader: bad input, the bound on event streams, and roles. */
class DashboardApiTest {
    private static final String JSON = "application/json";
    private static final int SHARED_PORT = FreePorts.next();
    private static EmbeddedCluster shared;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedCluster enforcing;
    private final int enforcingPort = FreePorts.next();

    @BeforeAll
    static void startShared() throws Exception {
        shared = EmbeddedCluster.start("dashboard-api", config -> config.withHttpPort(SHARED_PORT));
    }

    @AfterAll
    static void stopShared() throws InterruptedException {
        shared.close();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (enforcing != null) {
            enforcing.close();
        }
    }

    static Stream<Arguments> badInputs() {
        String longId = "x".repeat(257);
        return Stream.of(
                Arguments.of("GET", "/api/tasks?status=BOGUS", null, null, 400, "unknown status 'BOGUS'; use one of"),
                Arguments.of("GET", "/api/tasks?pageSize=501", null, null, 400, "from 1 to 500"),
                Arguments.of("GET", "/api/tasks?pageSize=ten", null, null, 400, "pageSize 'ten'"),
                Arguments.of("GET", "/api/tasks?color=red", null, null, 400, "unknown query parameter 'color'"),
                Arguments.of("GET", "/api/tasks?status=RUNNING&status=ERROR", null, null, 400, "given twice"),
                Arguments.of("GET", "/api/tasks?pageToken=garbage", null, null, 400, "page"),
                Arguments.of("GET", "/api/tasks/" + longId, null, null, 400, "over the limit of 256"),
                Arguments.of("GET", "/api/tasks/no-such-task", null, null, 404, "no-such-task"),
                Arguments.of("GET", "/api/nothing", null, null, 404, "unknown path /api/nothing; the API has"),
                Arguments.of("GET", "/api/tasks/a/b/c", null, null, 404, "unknown path"),
                Arguments.of("GET", "/nothing.html", null, null, 404, "no such page"),
                Arguments.of("DELETE", "/api/tasks", null, null, 405, "use GET, POST"),
                Arguments.of("POST", "/api/status", JSON, "{}", 405, "use GET"),
                Arguments.of("GET", "/api/tasks/t1/cancel", null, null, 405, "use POST"),
                Arguments.of("POST", "/api/tasks", "text/plain", "{\"payload\":\"x\"}", 415, "application/json"),
                Arguments.of("POST", "/api/tasks", JSON, "not json", 400, "must be a JSON object"),
                Arguments.of("POST", "/api/tasks", JSON, "{\"payload\":\"\"}", 400, "payload is missing"),
                Arguments.of("POST", "/api/tasks", JSON, "{\"payload\":\"x\",\"colour\":1}", 400, "field 'colour'"),
                Arguments.of("POST", "/api/tasks", JSON, "{\"payload\":7}", 400, "payload must be a string"),
                Arguments.of(
                        "POST", "/api/tasks", JSON, "{\"payload\":\"x\",\"priority\":\"URGENT\"}", 400, "LOW, MEDIUM"),
                Arguments.of("POST", "/api/tasks", JSON, "{\"payload\":\"x\",\"maxAttempts\":0}", 400, "at least 1"),
                Arguments.of("POST", "/api/tasks", JSON, "{\"payload\":\"x\",\"maxAttempts\":1000}", 400, "100"),
                Arguments.of(
                        "POST",
                        "/api/tasks",
                        JSON,
                        "{\"payload\":\"" + "p".repeat(1_200_000) + "\"}",
                        413,
                        "over the limit of"),
                Arguments.of("POST", "/api/tasks/no-such-task/cancel", JSON, "{}", 404, "no-such-task"));
    }

    @ParameterizedTest(name = "{0} {1} -> {4}")
    @MethodSource("badInputs")
    void refusesBadInputWithAJsonErrorNamingTheProblem(
            String method, String path, String type, String body, int status, String message) throws Exception {
        HttpResponse<String> response = send(SHARED_PORT, method, path, type, body, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith(JSON));
        assertThat(response.body()).contains("\"error\":").contains(message);
    }

    @Test
    void aChangeFromAnotherOriginIsRefused() throws Exception {
        HttpResponse<String> response =
                send(SHARED_PORT, "POST", "/api/tasks", JSON, "{\"payload\":\"x\"}", "http://elsewhere.example");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("own page");
    }

    @Test
    void refusesEventStreamsBeyondTheLimitWith503() throws Exception {
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                HttpResponse<InputStream> stream = http.send(
                        request(SHARED_PORT, "/api/events").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                open.add(stream.body());
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(stream.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            }
            HttpResponse<String> refused = send(SHARED_PORT, "GET", "/api/events", null, null, null);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("the limit is 32");
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
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
        HttpRequest.Builder request = request(enforcingPort, path)
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

    private HttpResponse<String> send(int port, String method, String path, String type, String body, String origin)
            throws Exception {
        HttpRequest.Builder request = request(port, path)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15));
    }
}
