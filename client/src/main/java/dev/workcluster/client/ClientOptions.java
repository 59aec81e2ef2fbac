package dev.workcluster.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
 * @param retryFor    how long a call keeps trying other nodes while none answers or none can take writes: the
 *                    whole call's deadline (a try begun near its end gets only what is left)
 * @param tls         TLS to the nodes; null for plaintext
 */
public record ClientOptions(List<String> addresses, Duration callTimeout, Duration retryFor, Tls tls) {
    /**
     * TLS to the nodes, all files PEM: {@code ca}, the CA that signed the nodes' certificates (null: the JVM's
     * default trust store); {@code cert} and its PKCS#8 {@code key}, this client's certificate for mutual TLS (its
     * CN names the caller, its OU the role), both null when the nodes ask for none; {@code serverName} when the
     * nodes' certificates do not name the host dialled (null otherwise).
     *
     * <pre>{@code
     * new ClientOptions.Tls(Path.of("ca.pem"), Path.of("admin.pem"), Path.of("admin-key.pem"), null); // mutual TLS
     * new ClientOptions.Tls(Path.of("ca.pem"), null, null, null); // TLS that checks the nodes only
     * }</pre>
     */
    public record Tls(Path ca, Path cert, Path key, String serverName) {
        public Tls {
            if ((cert == null) != (key == null)) {
                throw new IllegalArgumentException("the client's TLS cert and key go together (or neither, for TLS "
                        + "that only checks the nodes), got only the " + (cert == null ? "key" : "cert"));
            }
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
