package dev.workcluster.leader.dashboard;

import com.google.common.net.InetAddresses;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.access.Caller;
import dev.workcluster.leader.access.CallerIdentity;
import dev.workcluster.leader.access.Role;
import io.grpc.Metadata;
import java.net.InetAddress;
import java.util.List;

/**
 * Who sends an HTTP request to the dashboard, and so what it may do. With roles enforced, only a
 * trusted proxy's {@code x-workcluster-client-subject} names a caller; anyone else is
 * {@link #ANONYMOUS}, a viewer. The gRPC calls made for a request carry its caller's subject
 * (forwarded by the node's own certificate, or as the trusted proxy's header when the node has
 * none and trusts its own loopback address), so the node's role checks apply to the dashboard as
 * to any other client, and an anonymous page can read but never change anything.
 *
 * @param caller   the caller a trusted proxy named, or null
 * @param enforced whether the node checks roles
 * @param nodeTls  whether the node calls itself with its own certificate (else through the proxy header)
 */
record HttpCaller(Caller caller, boolean enforced, boolean nodeTls) {
    static final String SUBJECT_HEADER = CallerIdentity.SUBJECT_HEADER.name();
    /** Whom the node's role checks see when nobody is named: a viewer. */
    static final String ANONYMOUS = "CN=dashboard,OU=viewer,O=workcluster";

    /** The caller of the dashboard's own watch. */
    static HttpCaller anonymous(AccessSettings settings) {
        return new HttpCaller(null, settings.enforced(), settings.tls() != null);
    }

    static HttpCaller of(HttpExchange exchange, AccessSettings settings, List<InetAddress> trustedProxies)
            throws ApiException {
        boolean nodeTls = settings.tls() != null;
        if (!settings.enforced()) {
            return new HttpCaller(null, false, nodeTls);
        }
        InetAddress remote = exchange.getRemoteAddress().getAddress();
        String subject = exchange.getRequestHeaders().getFirst(SUBJECT_HEADER);
        if (!trustedProxies.contains(remote) || subject == null || subject.isBlank()) {
            return new HttpCaller(null, true, nodeTls);
        }
        try {
            return new HttpCaller(Caller.fromSubject(subject), true, nodeTls);
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, e.getMessage());
        }
    }

    static List<InetAddress> trustedProxies(AccessSettings settings) {
        return settings.trustedProxies().stream()
                .map(proxy -> InetAddresses.forString(proxy.trim()))
                .toList();
    }

    boolean mayChange() {
        return !enforced || (caller != null && caller.role() == Role.ADMIN);
    }

    /** Fails, naming the role that is missing, unless the caller may schedule and cancel. */
    void checkMayChange(String action) throws ApiException {
        if (mayChange()) {
            return;
        }
        String who = caller == null
                ? "this request names no caller (the node enforces roles, and only a trusted proxy's " + SUBJECT_HEADER
                        + " header names one)"
                : caller.describe() + " has another role";
        throw new ApiException(403, action + " needs the admin role; " + who);
    }

    /** What the gRPC call made on this request's behalf must say about its caller. */
    Metadata metadata() {
        Metadata headers = new Metadata();
        if (enforced) {
            headers.put(
                    nodeTls ? CallerIdentity.FORWARDED_SUBJECT_HEADER : CallerIdentity.SUBJECT_HEADER,
                    caller == null ? ANONYMOUS : caller.subject());
        }
        return headers;
    }

    JsonObject json() {
        JsonObject body = new JsonObject();
        body.addProperty("rolesEnforced", enforced);
        body.addProperty("caller", caller == null ? "" : caller.principal());
        body.addProperty("role", caller == null ? "" : caller.role().label());
        body.addProperty("mayChange", mayChange());
        if (!mayChange()) {
            body.addProperty(
                    "readOnlyBecause",
                    "the node enforces roles; scheduling and cancelling need the admin role, named by a trusted proxy");
        }
        return body;
    }
}
