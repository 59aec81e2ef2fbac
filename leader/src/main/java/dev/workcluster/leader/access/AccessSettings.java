package dev.workcluster.leader.access;

import com.google.common.net.InetAddresses;
import java.util.List;
import java.util.Objects;

/**
 * How a node knows its callers: natively, from the client certificates of mutual TLS on its
 * client ports ({@code tls}), and/or from the identity header of the proxies it trusts
 * ({@code trustedProxies}, addresses such as {@code 127.0.0.1}: nginx terminating mTLS in
 * front of it). With neither, the node serves plaintext and checks no roles (the default,
 * for the demo and local development).
 *
 * @param tls            the node's certificate, key and the CA its clients' certificates must chain to; null = plaintext
 * @param trustedProxies IP addresses whose {@link CallerIdentity#SUBJECT_HEADER} is believed
 * @param raftTls        whether Raft traffic between the nodes uses the same mutual TLS
 */
public record AccessSettings(TlsFiles tls, List<String> trustedProxies, boolean raftTls) {
    public AccessSettings {
        trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
        for (String proxy : trustedProxies) {
            if (!InetAddresses.isInetAddress(proxy.trim())) {
                throw new IllegalArgumentException(
                        "trusted proxy '" + proxy + "' is not an IP address (such as 127.0.0.1 or ::1)");
            }
        }
        if (raftTls && tls == null) {
            throw new IllegalArgumentException(
                    "Raft TLS needs the node's certificate, key and client CA (--tls-cert, --tls-key, --tls-client-ca)");
        }
    }

    /** Plaintext, no roles: the default. */
    public static AccessSettings open() {
        return new AccessSettings(null, List.of(), false);
    }

    /** Whether callers must prove who they are and keep to their role. */
    public boolean enforced() {
        return tls != null || !trustedProxies.isEmpty();
    }
}
