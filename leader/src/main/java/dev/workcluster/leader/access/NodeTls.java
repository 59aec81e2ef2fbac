package dev.workcluster.leader.access;

import dev.workcluster.leader.raft.RaftTls;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's mutual TLS, from its {@link TlsFiles}: credentials for the ports it serves (a client
 * certificate is required and must chain to the CA) and for the calls it makes to other nodes
 * and to push-mode workers (it presents its own certificate and verifies theirs, host name
 * included). The files are looked at every {@link #RELOAD_EVERY} and loaded again when they
 * changed, so a renewed certificate or CA takes effect on new connections without a restart.
 *
 * <pre>{@code
 * try (NodeTls tls = NodeTls.load(files)) {
 *     Server server = NettyServerBuilder.forPort(50051, tls.serverCredentials()).build();
 * }
 * }</pre>
 */
public final class NodeTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeTls.class);
    public static final Duration RELOAD_EVERY = Duration.ofMinutes(1);

    private final TlsFiles files;
    private final AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
    private final AdvancedTlsX509TrustManager clientCertificates;
    private final AdvancedTlsX509TrustManager serverCertificates;
    private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tls-reloads");
        thread.setDaemon(true);
        return thread;
    });
    /** The modification times of the files as last loaded. */
    private volatile List<Long> loaded = List.of();

    private NodeTls(TlsFiles files) throws GeneralSecurityException {
        this.files = files;
        // A client certificate names a principal, not a host: only its chain is checked.
        this.clientCertificates = AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                .build();
        this.serverCertificates = AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
                .build();
    }

    /** Reads the files (failing at once, naming the file, if one does not load) and keeps reading them. */
    public static NodeTls load(TlsFiles files) {
        return load(files, RELOAD_EVERY);
    }

    /** The same, looking at the files every {@code reloadEvery} and loading them again when they changed. */
    public static NodeTls load(TlsFiles files, Duration reloadEvery) {
        NodeTls tls;
        try {
            tls = new NodeTls(files);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
        try {
            tls.loaded = tls.read();
        } catch (IOException | GeneralSecurityException e) {
            tls.close();
            throw new IllegalArgumentException(
                    "cannot load the TLS files (certificate " + files.certificate() + ", key " + files.key() + ", CA "
                            + files.clientCa() + "): " + e.getMessage(),
                    e);
        }
        long period = reloadEvery.toMillis();
        tls.reloads.scheduleWithFixedDelay(tls::reloadIfChanged, period, period, TimeUnit.MILLISECONDS);
        return tls;
    }

    /** Loads the three files; returns what identifies this version of them. */
    private List<Long> read() throws IOException, GeneralSecurityException {
        List<Long> version = version();
        keys.updateIdentityCredentials(files.certificate().toFile(), files.key().toFile());
        clientCertificates.updateTrustCredentials(files.clientCa().toFile());
        serverCertificates.updateTrustCredentials(files.clientCa().toFile());
        return version;
    }

    private List<Long> version() {
        return List.of(
                files.certificate().toFile().lastModified(),
                files.key().toFile().lastModified(),
                files.clientCa().toFile().lastModified());
    }

    /** A renewal half written (a new certificate, the old key) fails to load: the old files stay in use until it is whole. */
    private void reloadIfChanged() {
        if (version().equals(loaded)) {
            return;
        }
        try {
            loaded = read();
            log.info("event=tls_reloaded certificate={} ca={}", files.certificate(), files.clientCa());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.warn("event=tls_reload_failed certificate={} error={}", files.certificate(), e.toString());
        }
    }

    public TlsFiles files() {
        return files;
    }

    /** For a port this node serves: TLS 1.2+, a client certificate required and verified. */
    public ServerCredentials serverCredentials() {
        return TlsServerCredentials.newBuilder()
                .keyManager(keys)
                .trustManager(clientCertificates)
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();
    }

    /** For a call this node makes: it presents its certificate and verifies the server's, host name included. */
    public ChannelCredentials channelCredentials() {
        return TlsChannelCredentials.newBuilder()
                .keyManager(keys)
                .trustManager(serverCertificates)
                .build();
    }

    /** For Raft between the nodes: a peer's certificate must chain to the CA (it names a node, not the address dialled). */
    public RaftTls raftTls() {
        return new RaftTls(keys, clientCertificates);
    }

    @Override
    public void close() {
        reloads.shutdownNow();
    }
}
