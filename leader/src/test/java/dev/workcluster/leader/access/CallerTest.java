package dev.workcluster.leader.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Certificate subjects as callers, and the settings of access control: what is read, what is refused. */
class CallerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "CN=w1,OU=worker,O=workcluster-dev|w1|WORKER",
                "cn=ops,ou=Admin|ops|ADMIN",
                "O=acme,OU=viewer,CN=dash|dash|VIEWER",
                "CN=leader,OU=node|leader|NODE",
                "CN=a\\,b,OU=admin|a,b|ADMIN",
            })
    void aSubjectNamesThePrincipalAndTheRole(String subject, String principal, Role role) {
        Caller caller = Caller.fromSubject(subject);

        assertThat(caller.principal()).isEqualTo(principal);
        assertThat(caller.role()).isEqualTo(role);
        assertThat(caller.subject()).isEqualTo(subject);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "OU=admin|has no CN (the principal)",
                "CN=x|has no OU naming a role",
                "CN=x,OU=root|has no OU naming a role",
                "CN=a,CN=b,OU=admin|has two CNs",
                "just text|is not a distinguished name",
                "CN=,OU=admin|has no CN (the principal)",
            })
    void aSubjectWithoutAPrincipalOrARoleIsRefusedByName(String subject, String message) {
        assertThatThrownBy(() -> Caller.fromSubject(subject))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + subject + "'")
                .hasMessageContaining(message);
    }

    @Test
    void halfAConfigurationOfMutualTlsNamesWhatIsMissing(@TempDir Path dir) throws Exception {
        Path certificate = Files.writeString(dir.resolve("leader.pem"), "pem");

        assertThatThrownBy(() -> TlsFiles.of(certificate, null, dir.resolve("missing-ca.pem")))
                .hasMessageContaining("mutual TLS is half configured")
                .hasMessageContaining("--tls-key (the node's private key) is missing")
                .hasMessageContaining("--tls-client-ca (the CA of the clients' certificates) "
                        + dir.resolve("missing-ca.pem") + " cannot be read");
        assertThat(TlsFiles.of(null, null, null)).isNull();
    }

    @Test
    void raftTlsNeedsTheNodesCertificateAndTrustedProxiesAreAddresses() {
        assertThatThrownBy(() -> new AccessSettings(null, List.of(), true))
                .hasMessageContaining("Raft TLS needs the node's certificate, key and client CA");
        assertThatThrownBy(() -> new AccessSettings(null, List.of("proxy.internal"), false))
                .hasMessageContaining("trusted proxy 'proxy.internal' is not an IP address");
        assertThat(new AccessSettings(null, List.of("127.0.0.1", "::1"), false).enforced())
                .isTrue();
        assertThat(AccessSettings.open().enforced()).isFalse();
    }
}
