package dev.workcluster.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the cluster is and how patient to be.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.of("n1:50051", "n2:50051", "n3:50051")
 *         .withRetryFor(Duration.ofMinutes(1));
 * }</pre>
 *
 * @param addresses   every node's cluster.v1 address (host:port); any node takes any call
 * @param callTimeout the deadline of one try at one node
 * @param retryFor    how long a call keeps trying other nodes while none answers or none can take writes
 * @param tls         mutual TLS to the nodes; null for plaintext
 */
public record ClientOptions(List<String> addresses, Duration callTimeout, Duration retryFor, Tls tls) {
    /**
     * The CA that signed the nodes' certificates, this client's certificate and PKCS#8 key (its CN
     * names the caller, its OU the role), all PEM; {@code serverName} when the nodes' certificates
     * do not name the host dialled (null otherwise).
     */
    public record Tls(Path ca, Path cert, Path key, String serverName) {
        public Tls {
            Objects.requireNonNull(ca, "ca");
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
        }
    }

    public ClientOptions {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("give at least one node address (host:port)");
        }
        for (String address : addresses) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || colon == address.length() - 1) {
                throw new IllegalArgumentException("node address '" + address + "' is not host:port");
            }
        }
        requirePositive("callTimeout", callTimeout);
        requirePositive("retryFor", retryFor);
    }

    /** These nodes, 5 s per try, 30 s of retries, plaintext. */
    public static ClientOptions of(String... addresses) {
        return new ClientOptions(List.of(addresses), Duration.ofSeconds(5), Duration.ofSeconds(30), null);
    }

    public ClientOptions withCallTimeout(Duration timeout) {
        return new ClientOptions(addresses, timeout, retryFor, tls);
    }

    public ClientOptions withRetryFor(Duration duration) {
        return new ClientOptions(addresses, callTimeout, duration, tls);
    }

    public ClientOptions withTls(Tls newTls) {
        return new ClientOptions(addresses, callTimeout, retryFor, newTls);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
