package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad leader flags are usage errors (exit 2) with a message naming the value; nothing starts. */
class LeaderCommandBadInputTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--port|abc|'abc'",
                "--port|70000|cluster port 70000",
                "--rpc-port|-1|scheduler port -1",
                "--raft-port|65536|raft port 65536",
                "--heartbeat-timeout|0|'0'",
                "--heartbeat-timeout|soon|'soon'",
                "--max-payload-bytes|0|maxPayloadBytes must be > 0",
                "--max-result-bytes|0|max result bytes must be between 1 and 1048576 (1 MiB, or the max payload bytes if larger), got 0",
                "--max-result-bytes|1048577|max result bytes must be between 1 and 1048576",
                "--max-result-bytes|lots|'lots'",
                "--max-queued-tasks|-5|maxQueuedTasks must be > 0",
                "--retain-finished|-1|retainFinishedCount must be >= 0",
                "--snapshot-every|0|snapshotEvery=0",
                "--max-attempts|0|defaultMaxAttempts must be > 0",
                "--default-task-timeout|0s|'0s' must be longer than zero",
                "--default-task-timeout|31d|default task timeout PT744H is over the limit of 30 days",
                "--tls-cert|/nonexistent/leader.pem|--tls-key (the node's private key) is missing",
                "--tls-cert|/nonexistent/leader.pem|--tls-cert (the node's certificate) /nonexistent/leader.pem cannot be read",
                "--tls-client-ca|/nonexistent/ca.pem|--tls-cert (the node's certificate) is missing",
                "--trusted-proxy|nginx.local|trusted proxy 'nginx.local' is not an IP address",
            })
    void refusedWithExitCode2AndTheValueNamed(String flag, String value, String message) {
        CliRun run = CliRun.of("leader", "--print-config", flag, value);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("Usage: workcluster leader");
    }
}
