package dev.workcluster.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.worker.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long-running worker picks up a renewed certificate without a restart; a half-written renewal does no harm. */
class ReloadingTlsTest {

    @Test
    void aRenewedCertificateIsPresentedWithoutARestart(@TempDir Path dir) throws Exception {
        Path pki = developmentPki(dir.resolve("pki"));
        Path certificate = Files.copy(pki.resolve("worker-w1.pem"), dir.resolve("worker.pem"));
        Path key = Files.copy(pki.resolve("worker-w1-key.pem"), dir.resolve("worker-key.pem"));

        try (ReloadingTls tls =
                new ReloadingTls(new TlsSettings(pki.resolve("ca.pem"), certificate, key), Duration.ofMillis(100))) {
            assertThat(subject(tls)).startsWith("CN=w1");

            // the renewal, written one file at a time: the certificate first, then its key
            Files.copy(pki.resolve("worker-w2.pem"), certificate, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(pki.resolve("worker-w2-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);

            await().atMost(Duration.ofSeconds(10)).until(() -> subject(tls).startsWith("CN=w2"));
        }
    }

    private static String subject(ReloadingTls tls) {
        return tls.presented().getSubjectX500Principal().getName();
    }

    /** deploy/tls/dev-certs.sh into {@code dir} (the worker's tests cannot use the testkit, which needs the leader). */
    private static Path developmentPki(Path dir) throws Exception {
        Path script =
                Path.of("..", "deploy", "tls", "dev-certs.sh").toAbsolutePath().normalize();
        Process process = new ProcessBuilder("bash", script.toString(), dir.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return dir;
    }
}
