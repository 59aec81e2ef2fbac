package dev.workcluster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code deploy/tls/dev-certs.sh} writes, read back with the JDK, and how it refuses bad arguments. */
class DevCertificatesTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    final DevCertificates pki = DevCertificates.get();

    @Test
    void subjectsNameThePrincipalAndTheRoleInRfc2253Form() throws Exception {
        assertThat(subject(pki.leaderCert())).isEqualTo("CN=leader,OU=node,O=workcluster-dev");
        assertThat(subject(pki.client("admin").certificate())).isEqualTo("CN=admin,OU=admin,O=workcluster-dev");
        assertThat(subject(pki.client("viewer").certificate())).isEqualTo("CN=viewer,OU=viewer,O=workcluster-dev");
        for (String id : DevCertificates.WORKERS) {
            assertThat(subject(pki.worker(id).certificate())).isEqualTo("CN=" + id + ",OU=worker,O=workcluster-dev");
        }
    }

    @Test
    void nodesAndWorkersServeAndConnectAndRolesOnlyConnect() throws Exception {
        for (Path serving : List.of(pki.leaderCert(), pki.worker("w1").certificate())) {
            X509Certificate certificate = certificate(serving);
            assertThat(certificate.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
            assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                    .containsExactlyInAnyOrder("localhost", "127.0.0.1");
        }
        assertThat(certificate(pki.client("admin").certificate()).getExtendedKeyUsage())
                .containsExactly(CLIENT_AUTH);
    }

    @Test
    void everyKeyIsPkcs8AndMatchesItsCertificate() throws Exception {
        List<DevCertificates.CertificateFiles> pairs = List.of(
                new DevCertificates.CertificateFiles(pki.leaderCert(), pki.leaderKey()),
                pki.client("admin"),
                pki.client("viewer"),
                pki.worker("w1"),
                pki.worker("w2"),
                pki.untrustedAdmin(),
                pki.expiredAdmin());
        for (DevCertificates.CertificateFiles pair : pairs) {
            String pem = Files.readString(pair.key());
            assertThat(pem).as(pair.key().toString()).startsWith("-----BEGIN PRIVATE KEY-----");
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
            byte[] data = pair.certificate().toString().getBytes(StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(data);
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate(pair.certificate()));
            verifier.update(data);
            assertThat(verifier.verify(signer.sign()))
                    .as("the key signs for " + pair.certificate())
                    .isTrue();
        }
    }

    @Test
    void badCertificatesAreExpiredOrSignedByAnotherKey() throws Exception {
        X509Certificate ca = certificate(pki.ca());
        X509Certificate expired = certificate(pki.expiredAdmin().certificate());
        expired.verify(ca.getPublicKey());
        assertThatThrownBy(() -> expired.checkValidity(new Date())).isInstanceOf(CertificateExpiredException.class);

        X509Certificate untrusted = certificate(pki.untrustedAdmin().certificate());
        assertThat(untrusted.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThatThrownBy(() -> untrusted.verify(ca.getPublicKey())).isInstanceOf(SignatureException.class);
        untrusted.verify(certificate(pki.untrustedCa()).getPublicKey());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                              | OUTDIR is missing",
                "OUT --days 0                    | --days must be a whole number from 1 to 36500, got '0'",
                "OUT --days                      | --days needs a value",
                "OUT --workers w1,a/b            | worker id 'a/b' must be 1-64 of",
                "OUT --san localhost             | --san item 'localhost' is not DNS:name or IP:address",
                "OUT --colour                    | unknown option: --colour",
                "OUT OTHER                       | one OUTDIR only"
            })
    void badArgumentsAreRefusedWithUsage(String arguments, String message) throws Exception {
        Path dir = TemporaryDirectories.create("dev-certs-args");
        try {
            List<String> command = new ArrayList<>(List.of(
                    "bash", RepositoryFiles.resolve("deploy/tls/dev-certs.sh").toString()));
            for (String argument : arguments.split(" ")) {
                if (!argument.isEmpty()) {
                    command.add(argument.replace("OUT", dir.resolve("out").toString())
                            .replace("OTHER", dir.resolve("other").toString()));
                }
            }
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(output).contains("dev-certs.sh: " + message).contains("usage: dev-certs.sh OUTDIR");
            assertThat(dir.resolve("out")).doesNotExist();
        } finally {
            TemporaryDirectories.delete(dir);
        }
    }

    private static String subject(Path file) throws Exception {
        return certificate(file).getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static byte[] der(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
