package dev.workcluster.leader.rpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;

/** Input checks shared by the services; each failure names the field and the value. */
final class Requests {
    static final int MAX_ID_LENGTH = 256;
    /** Longer values are cut where an error message quotes them (see {@link #quote}). */
    static final int MAX_QUOTED_CHARS = 100;

    private Requests() {}

    static String id(String field, String value) {
        if (value.isBlank()) {
            throw invalid(field + " must not be empty");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw invalid(field + " is " + value.length() + " characters, over the limit of " + MAX_ID_LENGTH);
        }
        return value;
    }

    static String payload(String field, String taskId, String payload, int maxBytes) {
        if (payload.isEmpty()) {
            throw invalid(field + " of task '" + taskId + "' must not be empty");
        }
        int bytes = utf8Bytes(payload, maxBytes);
        if (bytes > maxBytes) {
            throw invalid(field + " of task '" + taskId + "' is " + bytes + " bytes, over the limit of " + maxBytes);
        }
        return payload;
    }

    /**
     * The UTF-8 size of {@code text}, exact whenever it can be over {@code limit}: a char is at most
     * three bytes, so a text of up to {@code limit / 3} chars is not encoded (its length is returned).
     */
    static int utf8Bytes(String text, int limit) {
        return text.length() <= limit / 3 ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * host:port the leader can dial: a DNS name or IPv4 address, or an IPv6 address in
     * brackets ({@code [::1]:40041}), and a port in 1-65535.
     */
    static String address(String field, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw invalid(field + " " + quote(value) + " must be host:port");
        }
        String host = value.substring(0, colon);
        boolean bracketedV6 = host.startsWith("[")
                && host.endsWith("]")
                && host.length() > 2
                && host.substring(1, host.length() - 1).matches("[0-9A-Fa-f:.]+");
        if (!bracketedV6 && !host.matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")) {
            throw invalid(field + " " + quote(value) + " has host " + quote(host)
                    + ", which is not a DNS name or an IP address (write IPv6 addresses as [::1]:40041)");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(field + " " + quote(value) + " must be host:port");
        }
        if (port < 1 || port > 65535) {
            throw invalid(field + " " + quote(value) + " has port " + port + " outside 1-65535");
        }
        return value;
    }

    /**
     * A client's value as an error message quotes it: whole when short, else its start and its
     * length. The message travels in a response header, and clients refuse large headers (8 KiB
     * in grpc-java): the caller would get INTERNAL instead of the error.
     */
    static String quote(String value) {
        return value.length() <= MAX_QUOTED_CHARS
                ? "'" + value + "'"
                : "'" + value.substring(0, MAX_QUOTED_CHARS) + "…' (" + value.length() + " characters)";
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
