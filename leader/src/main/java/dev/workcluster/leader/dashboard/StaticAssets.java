package dev.workcluster.leader.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The page itself: files from the leader jar, read once. Only the files named here are served,
 * so no path a browser sends can reach anything else on the class path.
 */
final class StaticAssets {
    private static final String ROOT = "/dev/workcluster/leader/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8",
            "overview.js", "text/javascript; charset=utf-8",
            "tasks.js", "text/javascript; charset=utf-8",
            "actions.js", "text/javascript; charset=utf-8");
    /** Nothing is fetched from elsewhere, and no other site may frame the page. */
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    private final Map<String, byte[]> files = new HashMap<>();

    StaticAssets() {
        TYPES.keySet().forEach(name -> files.put(name, read(name)));
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the leader jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String name = path.equals("/") ? "index.html" : path.substring(1);
        byte[] body = files.get(name);
        if (body == null) {
            Responses.error(exchange, 404, "no such page: " + path + " (the dashboard is at /)");
            return;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            Responses.error(exchange, 405, "method " + method + " is not allowed on " + path + "; use GET");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", TYPES.get(name));
        exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
