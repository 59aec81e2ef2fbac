package dev.workcluster.cli;

import java.util.Arrays;
import java.util.List;

/** Turns the worker's address flags into what {@link dev.workcluster.worker.WorkerOptions} takes. */
final class WorkerAddresses {
    private WorkerAddresses() {}

    /**
     * {@code host:port[,host:port...]} as a list. Empty entries are kept so that validation
     * names them instead of silently dropping a typo.
     */
    static List<String> leaders(String text) {
        return Arrays.stream(text.split(",", -1)).map(String::strip).toList();
    }

    /**
     * The address a push-mode leader should call. The seed's LOCAL_ADDR may be a bare host, in
     * which case the listen port is appended; {@code null} stays null (the library then
     * advertises {@code localhost:<bound port>}).
     */
    static String advertised(String address, int port) {
        if (address == null || address.isBlank()) {
            return null;
        }
        String text = address.strip();
        long colons = text.chars().filter(c -> c == ':').count();
        boolean bareIpv6 = colons >= 2 && !text.startsWith("[");
        boolean bareHost = colons == 0 || bareIpv6 || (text.startsWith("[") && text.endsWith("]"));
        if (!bareHost) {
            return text; // host:port, or something malformed that validation will name
        }
        if (port == 0) {
            throw new IllegalArgumentException("advertised address '" + text + "' has no port and --port 0 "
                    + "picks a free one at random; give --advertise host:port or a fixed --port");
        }
        // A bare IPv6 literal needs brackets before a port can follow it.
        return (bareIpv6 ? "[" + text + "]" : text) + ":" + port;
    }
}
