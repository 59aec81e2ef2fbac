package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The dashboard's JSON API on a live leader: bad input, changes from elsewhere, the bound on event streams. */
class DashboardApiTest {
    private static final String JSON = "application/json";
    private static final int SHARED_PORT = FreePorts.next();
    private static EmbeddedCluster shared;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startShared() throws Exception {
        shared = EmbeddedCluster.start("dashboard-api", config -> config.withHttpPort(SHARED_PORT));
    }

    @AfterAll
    static void stopShared() throws InterruptedException {
        shared.close();
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
