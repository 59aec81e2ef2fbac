package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad worker flags are usage errors (exit 2) with a message naming the value; nothing starts. */
class WorkerCommandBadInputTest {

    static CliRun run(String... flags) {
        List<String> args = new ArrayList<>(List.of("worker", "--print-config"));
        args.addAll(List.of(flags));
        return CliRun.of(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--slots|0|slots must be between 1 and 1024, got 0",
                "--slots|many|'many'",
                "--leader|foo|leader address 'foo' must be host:port",
                "--leader|a:1,,b:2|leader address '' must be host:port",
                "--leader|host:99999|leader address 'host:99999'",
                "--transport|carrier-pigeon|'carrier-pigeon' is not a transport",
                "--handler|nope|handler 'nope' is not one of sleep, echo, exec",
                "--handler|exec|add --allow-exec",
                "--handler-class|does.not.Exist|handler class 'does.not.Exist' is not on the classpath",
                "--handler-class|java.lang.String|handler class 'java.lang.String' does not implement dev.workcluster.worker.TaskHandler",
                "--heartbeat-interval|0|'0' must be longer than zero",
                "--heartbeat-interval|2m|heartbeatInterval must be between PT0.05S and PT1M, got PT2M",
                "--shutdown-grace|soon|'soon'",
                "--label|novalue|but was novalue",
                "--label|=v|label ''='v'",
                "--queue|two words|queue name 'two words' may hold only letters, digits and . _ -",
                "--queue|''|queue name must not be empty",
                "--queue|q1,,q2|queue name must not be empty",
                "--queue|qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
                        + "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq|is 64 characters, over the limit of 63",
                "--port|70000|pushListenPort must be between 0 and 65535, got 70000",
                "--tls-cert|/nonexistent/w1.pem|--tls-cert and --tls-key go together, got only --tls-cert",
                "--tls-key|/nonexistent/w1-key.pem|--tls-cert and --tls-key go together, got only --tls-key",
                "--tls-ca|/nonexistent/ca.pem|tls.caCertificate '/nonexistent/ca.pem' is not a readable file",
                "--tls-server-name|leader.example|--tls-server-name needs TLS",
                "--advertise|host:notaport|pushAdvertisedAddress 'host:notaport' must be host:port",
                "--id|' '|workerId must be 1 to 256 non-blank characters, got ' '",
            })
    void refusedWithExitCode2AndTheValueNamed(String flag, String value, String message) {
        CliRun run = run(flag, value);

        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("Usage: workcluster worker");
        assertThat(run.out()).as("nothing printed as configuration").isEmpty();
    }

    @Test
    void moreThan32QueuesAreRefused() {
        String queues = String.join(
                ",",
                java.util.stream.IntStream.rangeClosed(1, 33)
                        .mapToObj(i -> "q" + i)
                        .toList());

        CliRun run = run("--queue", queues);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("queues has 33 names, over the limit of 32")
                .contains("Usage: workcluster worker");
    }

    @Test
    void execIsRefusedWithTheReasonUnlessAllowed() {
        assertThat(run("--handler", "exec").err())
                .contains("runs every task's payload as a shell command")
                .contains("anyone who can schedule a task can run commands on this machine");
        assertThat(run("--handler", "exec", "--allow-exec").exit()).isZero();
    }

    @Test
    void aHandlerAndAHandlerClassTogetherAreRefused() {
        CliRun run = run("--handler", "echo", "--handler-class", "dev.workcluster.cli.handlers.EchoHandler");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("give --handler or --handler-class, not both");
    }

    @Test
    void aBareAdvertisedHostNeedsAFixedPort() {
        CliRun run = run("--advertise", "worker-host", "--port", "0");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("advertised address 'worker-host' has no port and --port 0");
    }
}
