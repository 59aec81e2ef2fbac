package dev.workcluster.testkit;

import dev.workcluster.worker.TlsSettings;
import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The development PKI that {@code deploy/tls/dev-certs.sh} writes, made once per JVM in a temporary
 * directory that is deleted when the JVM exits: a CA, the leader's certificate, a client certificate per
 * role and per worker id in {@link #WORKERS}, and the bad ones (from an untrusted CA, expired).
 *
 * <pre>{@code
 * DevCertificates pki = DevCertificates.get();
 * WorkerOptions.newBuilder().setWorkerId("w1").setTls(pki.workerTls("w1"));
 * ManagedChannel admin = Grpc.newChannelBuilder(address, pki.credentials(pki.client("admin"))).build();
 * }</pre>
 */
public final class DevCertificates {
    /** The worker ids that have a certificate (CN = the id, OU = worker). */
    public static final List<String> WORKERS = List.of("w1", "w2");

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static DevCertificates instance;

    private final Path dir;

    /** A certificate and its private key (PKCS#8), both PEM. */
    public record CertificateFiles(Path certificate, Path key) {}

    private DevCertificates(Path dir) {
        this.dir = dir;
    }

    /** The PKI of this JVM, written on the first call. */
    public static synchronized DevCertificates get() {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    private static DevCertificates generate() {
        Path script = RepositoryFiles.resolve("deploy/tls/dev-certs.sh");
        try {
            Path root = TemporaryDirectories.create("dev-pki");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TemporaryDirectories.delete(root), "delete-dev-pki"));
            Path dir = root.resolve("pki");
            Path output = root.resolve("dev-certs.log");
            Process process = new ProcessBuilder(
                            "bash", script.toString(), dir.toString(), "--workers", String.join(",", WORKERS))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within " + SCRIPT_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        script + " failed with status " + process.exitValue() + ":\n" + Files.readString(output));
            }
            return new DevCertificates(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + script + " ran", e);
        }
    }

    /** Where the files are. */
    public Path dir() {
        return dir;
    }

    /** The CA every certificate below (except the untrusted and its CA) is signed by. */
    public Path ca() {
        return file("ca.pem");
    }

    /** The leader nodes' certificate (CN=leader, OU=node; DNS:localhost, IP:127.0.0.1; server and client). */
    public Path leaderCert() {
        return file("leader.pem");
    }

    public Path leaderKey() {
        return file("leader-key.pem");
    }

    /** The client certificate of a role: {@code admin} or {@code viewer} (CN = OU = the role). */
    public CertificateFiles client(String role) {
        return pair(role);
    }

    /** The certificate of a worker id in {@link #WORKERS} (CN = the id, OU = worker). */
    public CertificateFiles worker(String id) {
        return pair("worker-" + id);
    }

    /**
     * A CA that nothing trusts, with the same name as {@link #ca()} but a key of its own: TLS clients (grpc-java's
     * among them) present only a certificate whose issuer the server names, so a test needs this impostor to
     * get an untrusted certificate sent at all.
     */
    public Path untrustedCa() {
        return file("untrusted-ca.pem");
    }

    /** CN=admin, OU=admin, but signed by {@link #untrustedCa()}. */
    public CertificateFiles untrustedAdmin() {
        return pair("untrusted-admin");
    }

    /** CN=admin, OU=admin, signed by {@link #ca()}, valid only on 1 January 2020. */
    public CertificateFiles expiredAdmin() {
        return pair("expired-admin");
    }

    /** A library worker's TLS settings: trusts {@link #ca()}, presents the worker's certificate. */
    public TlsSettings workerTls(String id) {
        CertificateFiles files = worker(id);
        return new TlsSettings(ca(), files.certificate(), files.key());
    }

    /** TLS channel credentials that trust {@link #ca()} and present {@code client}, or no certificate if null. */
    public ChannelCredentials credentials(CertificateFiles client) {
        try {
            TlsChannelCredentials.Builder builder =
                    TlsChannelCredentials.newBuilder().trustManager(ca().toFile());
            if (client != null) {
                builder.keyManager(client.certificate().toFile(), client.key().toFile());
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files in " + dir, e);
        }
    }

    private CertificateFiles pair(String name) {
        return new CertificateFiles(file(name + ".pem"), file(name + "-key.pem"));
    }

    private Path file(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the development PKI has no " + name + " (in " + dir + ")");
        }
        return file;
    }
}
