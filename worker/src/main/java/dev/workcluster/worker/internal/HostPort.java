package dev.workcluster.worker.internal;

/** Checks {@code host:port} strings ({@code [v6]:port} too). */
public final class HostPort {
    private HostPort() {}

    /** True when the text is a non-empty host, a colon and a port 1..65535. */
    public static boolean isValid(String address) {
        if (address == null) {
            return false;
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            return false;
        }
        String host = address.substring(0, colon);
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
            return false;
        }
        String port = address.substring(colon + 1);
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65535;
    }
}
