package dev.workcluster.leader.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What every API request must be: the right method, and for a change, JSON from the page's own origin, bounded. */
final class HttpRequests {
    private HttpRequests() {}

    /** Fails with 405 unless the method is the first of those allowed (the others are served elsewhere). */
    static void expect(HttpExchange exchange, String allowed) throws ApiException {
        String method = exchange.getRequestMethod();
        int comma = allowed.indexOf(',');
        if (!method.equals(comma < 0 ? allowed : allowed.substring(0, comma))) {
            exchange.getResponseHeaders().set("Allow", allowed);
            throw new ApiException(
                    405,
                    "method " + method + " is not allowed on "
                            + exchange.getRequestURI().getPath() + "; use " + allowed);
        }
    }

    /**
     * A change must come as JSON from the dashboard's own origin: a browser sends that type across
     * origins only after a preflight this server never answers, so another site cannot make one.
     */
    static void checkChange(HttpExchange exchange) throws ApiException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "send the request with Content-Type: application/json");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null
                && (host == null || !origin.replaceFirst("^https?://", "").equals(host))) {
            throw new ApiException(
                    403, "a change must come from the dashboard's own page; origin " + origin + " is not " + host);
        }
    }

    static String body(HttpExchange exchange, int maxBodyBytes) throws IOException, ApiException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw new ApiException(413, "the request body is over the limit of " + maxBodyBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
