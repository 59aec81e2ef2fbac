package dev.workcluster.worker.internal;

import dev.workcluster.worker.TlsSettings;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's TLS from its {@link TlsSettings}, the files loaded again within a minute of a change: for
 * its calls to the leader (its certificate, if set, and the leader's verified against the CA,
 * host name included) and, in push mode, for the port the leader calls (a leader certificate
 * chaining to the CA required).
 */
final class ReloadingTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReloadingTls.class);
    private static final long RELOAD_SECONDS = 60;

    private final TlsSettings settings;
    private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "workcluster-tls-reloads");
        thread.setDaemon(true);
        return thread;
    });
    /** The modification times of the files as last loaded. */
    private volatile List<Long> loaded = List.of();

    private AdvancedTlsX509KeyManager keys;
    private AdvancedTlsX509TrustManager leaders;
    private AdvancedTlsX509TrustManager callers;

    ReloadingTls(TlsSettings settings) {
        this(settings, Duration.ofSeconds(RELOAD_SECONDS));
    }

    /** Looks at the files every {@code reloadEvery} and loads them again when they changed. */
    ReloadingTls(TlsSettings settings, Duration reloadEvery) {
        this.settings = settings;
        try {
            if (settings.clientCertificate() != null) {
                keys = new AdvancedTlsX509KeyManager();
            }
            if (settings.caCertificate() != null) {
                leaders = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(
                                AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
                        .build();
                callers = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                        .build();
            }
            loaded = read();
        } catch (IOException | GeneralSecurityException e) {
            close();
            throw new UncheckedIOException(new IOException("cannot load the TLS files " + settings, e));
        }
        long period = reloadEvery.toMillis();
        reloads.scheduleWithFixedDelay(this::reloadIfChanged, period, period, TimeUnit.MILLISECONDS);
    }

    private List<Long> read() throws IOException, GeneralSecurityException {
        List<Long> version = version();
        if (keys != null) {
            keys.updateIdentityCredentials(
                    settings.clientCertificate().toFile(), settings.clientKey().toFile());
        }
        if (leaders != null) {
            leaders.updateTrustCredentials(settings.caCertificate().toFile());
            callers.updateTrustCredentials(settings.caCertificate().toFile());
        }
        return version;
    }

    private List<Long> version() {
        List<Long> times = new ArrayList<>();
        for (Path file : Arrays.asList(settings.clientCertificate(), settings.clientKey(), settings.caCertificate())) {
            times.add(file == null ? 0L : file.toFile().lastModified());
        }
        return times;
    }

    /** A renewal half written fails to load: the old files stay in use until it is whole. */
    private void reloadIfChanged() {
        if (version().equals(loaded)) {
            return;
        }
        try {
            loaded = read();
            log.info("event=tls_reloaded certificate={} ca={}", settings.clientCertificate(), settings.caCertificate());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.warn("event=tls_reload_failed certificate={} error={}", settings.clientCertificate(), e.toString());
        }
    }

    /** The certificate this worker presents now; null without one. */
    X509Certificate presented() {
        if (keys == null) {
            return null;
        }
        String alias = keys.chooseClientAlias(new String[] {"EC", "RSA"}, null, null);
        X509Certificate[] chain = alias == null ? null : keys.getCertificateChain(alias);
        return chain == null || chain.length == 0 ? null : chain[0];
    }

    ChannelCredentials channelCredentials() {
        TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
        if (keys != null) {
            builder.keyManager(keys);
        }
        if (leaders != null) {
            builder.trustManager(leaders);
        }
        return builder.build();
    }

    /** For a push-mode worker's port: only a caller whose certificate chains to the CA gets in. */
    ServerCredentials serverCredentials() {
        if (keys == null || callers == null) {
            throw new IllegalStateException(
                    "a push-mode worker with TLS needs its certificate, key and the CA (" + settings + ")");
        }
        return TlsServerCredentials.newBuilder()
                .keyManager(keys)
                .trustManager(callers)
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();
    }

    @Override
    public void close() {
        reloads.shutdownNow();
    }
}
