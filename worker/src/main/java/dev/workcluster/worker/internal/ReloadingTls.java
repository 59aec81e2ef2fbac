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
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The worker's TLS from its {@link TlsSettings}, with the files read again every minute: for
 * its calls to the leader (its certificate, if set, and the leader's verified against the CA,
 * host name included) and, in push mode, for the port the leader calls (a leader certificate
 * chaining to the CA required).
 */
final class ReloadingTls implements AutoCloseable {
    private static final long RELOAD_SECONDS = 60;

    private final TlsSettings settings;
    private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "workcluster-tls-reloads");
        thread.setDaemon(true);
        return thread;
    });
    private final List<AutoCloseable> watches = new ArrayList<>();
    private AdvancedTlsX509KeyManager keys;
    private AdvancedTlsX509TrustManager leaders;
    private AdvancedTlsX509TrustManager callers;

    ReloadingTls(TlsSettings settings) {
        this.settings = settings;
        try {
            if (settings.clientCertificate() != null) {
                keys = new AdvancedTlsX509KeyManager();
                watches.add(keys.updateIdentityCredentials(
                        settings.clientCertificate().toFile(),
                        settings.clientKey().toFile(),
                        RELOAD_SECONDS,
                        TimeUnit.SECONDS,
                        reloads));
            }
            if (settings.caCertificate() != null) {
                leaders = trust(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION);
                callers = trust(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION);
            }
        } catch (IOException | GeneralSecurityException e) {
            close();
            throw new UncheckedIOException(new IOException("cannot load the TLS files " + settings, e));
        }
    }

    private AdvancedTlsX509TrustManager trust(AdvancedTlsX509TrustManager.Verification verification)
            throws IOException, GeneralSecurityException {
        AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(verification)
                .build();
        watches.add(trust.updateTrustCredentials(
                settings.caCertificate().toFile(), RELOAD_SECONDS, TimeUnit.SECONDS, reloads));
        return trust;
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
        for (AutoCloseable watch : watches) {
            try {
                watch.close();
            } catch (Exception e) {
                // nothing left to release: the reload thread goes below
            }
        }
        reloads.shutdownNow();
    }
}
