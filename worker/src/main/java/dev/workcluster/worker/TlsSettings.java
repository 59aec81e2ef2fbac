package dev.workcluster.worker;

import java.nio.file.Path;

/**
 * TLS for the worker's connections to the leader. Each file is PEM; any may be null.
 *
 * @param caCertificate certificates to trust for the leader; null = the JVM's default trust store
 * @param clientCertificate this worker's certificate chain for mutual TLS; set together with {@code clientKey}
 * @param clientKey this worker's private key (PKCS#8) for mutual TLS; set together with {@code clientCertificate}
 */
public record TlsSettings(Path caCertificate, Path clientCertificate, Path clientKey) {}
