package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.access.NodeTls;
import dev.workcluster.leader.access.TlsFiles;
import dev.workcluster.testkit.DevCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node picks up renewed certificate files while it runs: what it presents changes without a restart. */
class CertificateReloadTest {
    private static final DevCertificates PKI = DevCertificates.get();

    @Test
    void aRenewedCertificateIsPresentedWithoutARestart(@TempDir Path dir) throws Exception {
        Path certificate = Files.copy(PKI.leaderCert(), dir.resolve("node.pem"));
        Path key = Files.copy(PKI.leaderKey(), dir.resolve("node-key.pem"));
        try (NodeTls tls = NodeTls.load(TlsFiles.of(certificate, key, PKI.ca()), Duration.ofMillis(100))) {
            assertThat(presentedSubject(tls)).startsWith("CN=leader");

            // the renewal: another certificate from the same CA, written over the files
            Files.copy(PKI.client("admin").key(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(PKI.client("admin").certificate(), certificate, StandardCopyOption.REPLACE_EXISTING);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> presentedSubject(tls).startsWith("CN=admin"));
        }
    }

    private static String presentedSubject(NodeTls tls) {
        X509KeyManager keys = (X509KeyManager) tls.raftTls().keys();
        String alias = keys.chooseServerAlias("EC", null, null);
        return keys.getCertificateChain(alias)[0].getSubjectX500Principal().getName();
    }
}
