package dev.workcluster.worker;

import java.nio.file.Path;

/**
 * TLS for the worker's connections to the leader (and, in push mode, for the port the leader
 * calls). Each file is PEM; any may be null. The files are read again every minute, so a
 * renewed certificate takes effect on new connections without a restart.
 *
 * <pre>{@code
 * WorkerOptions.newBuilder()
 *         .setTls(new TlsSettings(Path.of("ca.pem"), Path.of("worker-w1.pem"), Path.of("worker-w1-key.pem")))
 *         ...
 * }</pre>
 *
 * @param caCertificate certificates to trust for the leader; null = the JVM's default trust store
 * @param clientCertificate this worker's certificate chain for mutual TLS; set together with {@code clientKey}
 * @param clientKey this worker's private key (PKCS#8) for mutual TLS; set together with {@code clientCertificate}
 * @param serverName the name the leader's certificate must carry when it differs from the host dialled
 *     (a proxy's name, say); null = the host of the leader address
 */
public record TlsSettings(Path caCertificate, Path clientCertificate, Path clientKey, String serverName) {
    /** Without a server name override. */
    public TlsSettings(Path caCertificate, Path clientCertificate, Path clientKey) {
        this(caCertificate, clientCertificate, clientKey, null);
    }
}
