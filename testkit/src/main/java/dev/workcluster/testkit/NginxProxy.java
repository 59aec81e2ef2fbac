package dev.workcluster.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real nginx from the template {@code deploy/nginx/workcluster.conf}: mutual TLS with {@link DevCertificates}
 * (it presents the leader's certificate and takes clients signed by the dev CA) on a free loopback port,
 * proxying every gRPC call to a plaintext upstream. Its files (configuration, pid, logs, temporary files)
 * live in a temporary prefix directory, so it runs as any user. {@link #close()} stops it (SIGTERM, then
 * SIGKILL to it and its worker processes) and deletes the directory.
 *
 * <pre>{@code
 * try (NginxProxy proxy = NginxProxy.newBuilder(leader.address()).streamIdleTimeouts(Duration.ofSeconds(2)).start()) {
 *     ManagedChannel channel = Grpc.newChannelBuilder(proxy.address(), pki.credentials(pki.client("admin"))).build();
 * }
 * }</pre>
 */
public final class NginxProxy implements AutoCloseable {
    /** The directives that bound a stream's silence (not its age), which {@link Builder#streamIdleTimeouts} sets. */
    public static final List<String> STREAM_IDLE_TIMEOUTS = List.of(
            "client_body_timeout",
            "send_timeout",
            "keepalive_timeout",
            "keepalive_time",
            "grpc_read_timeout",
            "grpc_send_timeout");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final Process process;
    private final Path prefix;
    private final int port;
    private final DevCertificates pki;

    private NginxProxy(Process process, Path prefix, int port, DevCertificates pki) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
        this.pki = pki;
    }

    /** A proxy to {@code upstream} (host:port, plaintext HTTP/2). */
    public static Builder newBuilder(String upstream) {
        return new Builder(upstream);
    }

    /** Where clients connect: {@code 127.0.0.1:port}, which the leader certificate names. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** nginx's own output and its error log so far, for failure messages. */
    public String errorLog() {
        return read("logs/stderr.log") + read("logs/error.log");
    }

    /** One line per call that has ended (see the template's log_format), oldest first. */
    public List<String> accessLog() {
        return read("logs/access.log").lines().toList();
    }

    private String read(String relative) {
        Path file = prefix.resolve(relative);
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "<cannot read " + file + ": " + e.getMessage() + ">\n";
        }
    }

    private void awaitTls() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!handshakes()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with status " + process.exitValue()
                        + " before it took TLS on port " + port + ":\n" + errorLog());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nginx took no TLS handshake on port " + port + " within "
                        + START_TIMEOUT + ":\n" + errorLog());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Whether a TLS handshake with the proxy completes (nginx asks for a client certificate only afterwards). */
    private boolean handshakes() {
        try (SSLSocket socket = (SSLSocket) trustingDevCa().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PROBE_TIMEOUT.toMillis());
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            socket.startHandshake();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private SSLContext trustingDevCa() {
        try (InputStream ca = Files.newInputStream(pki.ca())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry(
                    "dev-ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the dev CA " + pki.ca(), e);
        }
    }

    /**
     * SIGTERM (nginx's fast shutdown, which stops its workers too), SIGKILL if it is still there after 10 s;
     * then SIGKILL to any worker process left (a worker outlives a master killed with SIGKILL).
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (ProcessHandle worker : workers) {
            if (worker.isAlive()) {
                worker.destroyForcibly();
            }
        }
        TemporaryDirectories.delete(prefix);
    }

    @Override
    public String toString() {
        return "NginxProxy{port=" + port + ", prefix=" + prefix + ", pid=" + process.pid() + "}";
    }

    /** What the proxy is started with; the rest comes from the template. */
    public static final class Builder {
        private final String upstream;
        private final Map<String, String> directives = new LinkedHashMap<>();

        private Builder(String upstream) {
            this.upstream = upstream;
        }

        /** Sets every directive of {@link #STREAM_IDLE_TIMEOUTS} to {@code timeout} (the template's are hours). */
        public Builder streamIdleTimeouts(Duration timeout) {
            STREAM_IDLE_TIMEOUTS.forEach(name -> directive(name, timeout.toMillis() + "ms"));
            return this;
        }

        /** Gives a directive of the template (one that appears once in it) another value, such as {@code 1m}. */
        public Builder directive(String name, String value) {
            directives.put(name, value);
            return this;
        }

        /** Starts nginx and returns once its port takes TLS handshakes; fails with its error log if it does not. */
        public NginxProxy start() throws IOException, InterruptedException {
            Path nginx = NginxConfig.binary();
            DevCertificates pki = DevCertificates.get();
            int port = FreePorts.next();
            String config = NginxConfig.render(
                    Files.readString(RepositoryFiles.resolve(NginxConfig.TEMPLATE)),
                    Map.of(
                            "LISTEN", "127.0.0.1:" + port,
                            "UPSTREAM", upstream,
                            "SERVER_CERT", pki.leaderCert().toString(),
                            "SERVER_KEY", pki.leaderKey().toString(),
                            "CLIENT_CA", pki.ca().toString()),
                    directives);
            Path prefix = TemporaryDirectories.create("nginx");
            Process process;
            try {
                // Under a root master the workers run as nobody: they must be able to enter the prefix.
                Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.createDirectories(prefix.resolve("logs"));
                Path conf = Files.writeString(prefix.resolve("workcluster.conf"), config);
                process = new ProcessBuilder(
                                nginx.toString(), "-p", prefix + "/", "-c", conf.toString(), "-g", "daemon off;")
                        .redirectErrorStream(true)
                        .redirectOutput(prefix.resolve("logs/stderr.log").toFile())
                        .start();
            } catch (IOException | RuntimeException e) {
                TemporaryDirectories.delete(prefix);
                throw e;
            }
            NginxProxy proxy = new NginxProxy(process, prefix, port, pki);
            try {
                proxy.awaitTls();
            } catch (InterruptedException | RuntimeException e) {
                proxy.close();
                throw e;
            }
            return proxy;
        }
    }
}
