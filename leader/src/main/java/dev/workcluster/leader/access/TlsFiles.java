package dev.workcluster.leader.access;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PEM files of a node's mutual TLS: its certificate chain, its private key (PKCS#8) and
 * the CA that its peers' certificates must chain to. Read again while the node runs, so a
 * renewed certificate takes effect without a restart.
 *
 * <pre>{@code
 * TlsFiles tls = TlsFiles.of(Path.of("leader.pem"), Path.of("leader-key.pem"), Path.of("ca.pem"));
 * }</pre>
 */
public record TlsFiles(Path certificate, Path key, Path clientCa) {
    /**
     * All three files, or none (null). Fails, naming every missing setting or unreadable file,
     * on a half-complete configuration: the node must not start with less security than asked.
     */
    public static TlsFiles of(Path certificate, Path key, Path clientCa) {
        if (certificate == null && key == null && clientCa == null) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        check(problems, "--tls-cert (the node's certificate)", certificate);
        check(problems, "--tls-key (the node's private key)", key);
        check(problems, "--tls-client-ca (the CA of the clients' certificates)", clientCa);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("mutual TLS is half configured: " + String.join("; ", problems));
        }
        return new TlsFiles(certificate, key, clientCa);
    }

    private static void check(List<String> problems, String setting, Path file) {
        if (file == null) {
            problems.add(setting + " is missing");
        } else if (!Files.isReadable(file)) {
            problems.add(setting + " " + file + " cannot be read");
        }
    }
}
