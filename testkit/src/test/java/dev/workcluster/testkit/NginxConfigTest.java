package dev.workcluster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filling the nginx template and overriding its directives, on the real template and on small ones. */
class NginxConfigTest {
    private static final Map<String, String> PLACEHOLDERS = Map.of(
            "LISTEN", "127.0.0.1:8443",
            "UPSTREAM", "127.0.0.1:50051",
            "SERVER_CERT", "/pki/leader.pem",
            "SERVER_KEY", "/pki/leader-key.pem",
            "CLIENT_CA", "/pki/ca.pem");

    @Test
    void everyStreamIdleTimeoutOfTheTemplateCanBeSetAndKeepsItsPlace() throws Exception {
        String template = Files.readString(RepositoryFiles.resolve(NginxConfig.TEMPLATE));
        Map<String, String> directives = new LinkedHashMap<>();
        NginxProxy.STREAM_IDLE_TIMEOUTS.forEach(name -> directives.put(name, "2000ms"));

        String config = NginxConfig.render(template, PLACEHOLDERS, directives);

        assertThat(config)
                .contains(
                        "listen 127.0.0.1:8443 ssl http2;",
                        "server 127.0.0.1:50051;",
                        "ssl_client_certificate /pki/ca.pem;")
                .doesNotContain("{{");
        for (String name : NginxProxy.STREAM_IDLE_TIMEOUTS) {
            assertThat(config).containsPattern("(?m)^ +" + name + " 2000ms;");
        }
        assertThat(config).containsPattern("(?m)^ +keepalive_requests 100000;").contains("keepalive 64;");
    }

    @Test
    void aDirectiveThatIsNotThereExactlyOnceIsRefused() {
        String twice = "a {{X}};\n  send_timeout 1s;\n  send_timeout 2s;\n";

        assertThatThrownBy(() -> NginxConfig.render(twice, Map.of("X", "1"), Map.of("send_timeout", "3s")))
                .hasMessage("directive send_timeout appears 2 times in the nginx template, not once");
        assertThatThrownBy(() -> NginxConfig.render(twice, Map.of("X", "1"), Map.of("grpc_read_timeout", "3s")))
                .hasMessage("directive grpc_read_timeout appears 0 times in the nginx template, not once");
    }

    @Test
    void placeholdersMustAllExistAndAllBeFilled() {
        assertThatThrownBy(() -> NginxConfig.render("a {{X}};", Map.of("Y", "1"), Map.of()))
                .hasMessage("the nginx template has no placeholder {{Y}}");
        assertThatThrownBy(() -> NginxConfig.render("a {{X}} {{Z}};", Map.of("X", "1"), Map.of()))
                .hasMessage("the nginx template's placeholder {{Z}} was not filled");
    }
}
