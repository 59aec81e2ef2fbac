package dev.workcluster.cli.client;

import dev.workcluster.client.ClientOptions;
import dev.workcluster.worker.TlsSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a client (an operator command or a worker) reaches a leader over TLS: the CA to trust, its own certificate. */
public final class TlsOptions {
    @Option(
            names = "--tls-ca",
            paramLabel = "FILE",
            defaultValue = "${env:WORKCLUSTER_TLS_CA}",
            description =
                    "Connect over TLS, trusting this CA (PEM) for the leader's certificate (env WORKCLUSTER_TLS_CA; "
                            + "default none: plaintext).")
    Path ca;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            defaultValue = "${env:WORKCLUSTER_TLS_CERT}",
            description = "This client's certificate (PEM) for mutual TLS; its CN names the caller, its OU the role "
                    + "(env WORKCLUSTER_TLS_CERT).")
    Path certificate;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            defaultValue = "${env:WORKCLUSTER_TLS_KEY}",
            description = "This client's private key (PEM, PKCS#8) (env WORKCLUSTER_TLS_KEY).")
    Path key;

    @Option(
            names = "--tls-server-name",
            paramLabel = "NAME",
            defaultValue = "${env:WORKCLUSTER_TLS_SERVER_NAME}",
            description = "The name the leader's certificate must carry, when it is not the host dialled "
                    + "(env WORKCLUSTER_TLS_SERVER_NAME).")
    String serverName;

    /** The TLS to use, or null for plaintext; fails, naming what is missing, on a half-given pair. */
    public TlsSettings settings() {
        if (ca == null && certificate == null && key == null) {
            if (serverName != null && !serverName.isBlank()) {
                throw new IllegalArgumentException(
                        "--tls-server-name needs TLS: give --tls-ca (and --tls-cert, --tls-key)");
            }
            return null;
        }
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together, got "
                    + (certificate == null ? "only --tls-key" : "only --tls-cert"));
        }
        return new TlsSettings(ca, certificate, key, serverName);
    }

    /** The same for the client library: null for plaintext; CA-only (server-only) TLS has no certificate. */
    public ClientOptions.Tls clientTls() {
        TlsSettings settings = settings();
        if (settings == null) {
            return null;
        }
        String name = serverName == null || serverName.isBlank() ? null : serverName;
        return new ClientOptions.Tls(ca, certificate, key, name);
    }
}
