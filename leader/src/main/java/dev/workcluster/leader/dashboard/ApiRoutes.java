package dev.workcluster.leader.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.MembersResponse;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/...}: the dashboard's JSON endpoints; every refusal is a 4xx or 5xx with a JSON error. */
final class ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

    /** The overview lists this many members; the count of all of them comes with the status. */
    static final int MEMBERS_SHOWN = 200;

    private static final Set<String> PAGE_PARAMETERS = Set.of("status", "pageSize", "pageToken");

    static final String ENDPOINTS = "GET /api/whoami, GET /api/status, GET /api/tasks, POST /api/tasks, "
            + "GET /api/tasks/{id}, POST /api/tasks/{id}/cancel, GET /api/series, GET /api/events";

    private final Gateway gateway;
    private final TaskApi tasks;
    private final Throughput throughput;
    private final EventClients events;
    private final AccessSettings access;
    private final List<InetAddress> trustedProxies;
    private final int maxBodyBytes;

    ApiRoutes(Gateway gateway, Throughput throughput, EventClients events, AccessSettings access, int maxBodyBytes) {
        this.gateway = gateway;
        this.tasks = new TaskApi(gateway);
        this.throughput = throughput;
        this.events = events;
        this.access = access;
        this.trustedProxies = HttpCaller.trustedProxies(access);
        this.maxBodyBytes = maxBodyBytes;
    }

    void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (ApiException e) {
            Responses.error(exchange, e.status(), e.getMessage());
        } catch (StatusRuntimeException e) {
            ApiException answer = ApiException.fromGrpc(e);
            Responses.error(exchange, answer.status(), answer.getMessage());
        } catch (RuntimeException e) {
            log.warn(
                    "event=dashboard_api_failed path={} error={}",
                    exchange.getRequestURI().getPath(),
                    e.toString());
            Responses.error(exchange, 500, "the dashboard failed to answer: " + e);
        }
    }

    private void route(HttpExchange exchange) throws IOException, ApiException {
        String method = exchange.getRequestMethod();
        String[] parts = exchange.getRequestURI()
                .getRawPath()
                .substring("/api/".length())
                .split("/", -1);
        String query = exchange.getRequestURI().getRawQuery();
        HttpCaller caller = HttpCaller.of(exchange, access, trustedProxies);
        if (parts.length == 1) {
            switch (parts[0]) {
                case "whoami" -> {
                    HttpRequests.expect(exchange, "GET");
                    Query.parse(query, Set.of());
                    Responses.json(exchange, 200, caller.json());
                    return;
                }
                case "status" -> {
                    HttpRequests.expect(exchange, "GET");
                    Query.parse(query, Set.of());
                    Responses.json(exchange, 200, status(caller));
                    return;
                }
                case "series" -> {
                    HttpRequests.expect(exchange, "GET");
                    Query.parse(query, Set.of());
                    JsonObject series = throughput.json();
                    series.addProperty("live", events.live());
                    Responses.json(exchange, 200, series);
                    return;
                }
                case "events" -> {
                    HttpRequests.expect(exchange, "GET");
                    Query.parse(query, Set.of());
                    // Reading needs a caller who may read; the stream itself is the node's shared watch.
                    gateway.cluster(caller).getStatus(GetStatusRequest.getDefaultInstance());
                    events.open(exchange);
                    return;
                }
                case "tasks" -> {
                    if (method.equals("POST")) {
                        Query.parse(query, Set.of());
                        HttpRequests.checkChange(exchange);
                        Responses.json(
                                exchange, 201, tasks.schedule(caller, HttpRequests.body(exchange, maxBodyBytes)));
                    } else {
                        HttpRequests.expect(exchange, "GET, POST");
                        Responses.json(exchange, 200, tasks.page(caller, Query.parse(query, PAGE_PARAMETERS)));
                    }
                    return;
                }
                default -> {}
            }
        } else if (parts[0].equals("tasks") && parts.length == 2) {
            HttpRequests.expect(exchange, "GET");
            Query.parse(query, Set.of());
            Responses.json(exchange, 200, tasks.one(caller, Query.decode(parts[1])));
            return;
        } else if (parts[0].equals("tasks") && parts.length == 3 && parts[2].equals("cancel")) {
            Query.parse(query, Set.of());
            HttpRequests.expect(exchange, "POST");
            HttpRequests.checkChange(exchange);
            Responses.json(exchange, 200, tasks.cancel(caller, Query.decode(parts[1])));
            return;
        }
        throw new ApiException(
                404, "unknown path " + exchange.getRequestURI().getPath() + "; the API has " + ENDPOINTS);
    }

    private JsonObject status(HttpCaller caller) {
        JsonObject body = Views.status(gateway.cluster(caller).getStatus(GetStatusRequest.getDefaultInstance()));
        MembersResponse members = gateway.cluster(caller)
                .members(MembersRequest.newBuilder().setPageSize(MEMBERS_SHOWN).build());
        JsonArray list = new JsonArray();
        members.getMembersList().forEach(member -> list.add(Views.member(member)));
        body.add("members", list);
        body.addProperty("moreMembers", !members.getNextPageToken().isEmpty());
        return body;
    }
}
