package dev.workcluster.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code host:port[,host:port...]} of a running cluster that a scenario drives instead of
 * starting its own. Every refusal is an {@link IllegalArgumentException} naming the bad entry.
 */
public final class ClusterAddresses {
    private ClusterAddresses() {}

    /** Splits and checks the list; empty entries are refused, not skipped, so a stray comma is named. */
    public static List<String> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("leader address list is empty; give host:port[,host:port...]");
        }
        List<String> addresses =
                Arrays.stream(text.split(",", -1)).map(String::strip).toList();
        addresses.forEach(ClusterAddresses::check);
        return addresses;
    }

    /** Refuses anything but {@code host:port} with a port in 1-65535 ({@code [v6]:port} for IPv6). */
    static void check(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("leader address is empty; give host:port[,host:port...]");
        }
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        boolean hostOk = !host.isBlank()
                && host.chars().noneMatch(Character::isWhitespace)
                && (!host.contains(":") || host.startsWith("[") && host.endsWith("]"));
        if (colon <= 0 || !hostOk) {
            throw new IllegalArgumentException("leader address '" + address + "' must be host:port");
        }
        String port = address.substring(colon + 1);
        boolean portOk = !port.isEmpty()
                && port.length() <= 5
                && port.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(port) >= 1
                && Integer.parseInt(port) <= 65_535;
        if (!portOk) {
            throw new IllegalArgumentException(
                    "leader address '" + address + "' must be host:port with a port in " + "1-65535");
        }
    }
}
