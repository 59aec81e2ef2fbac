package dev.workcluster.cli.client;

import dev.workcluster.cli.output.OutputFormat;
import dev.workcluster.client.ClientOptions;
import dev.workcluster.client.WorkClient;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options every operator command shares: where the leader is, how to print, how long to wait. */
public final class ConnectionOptions {
    @Option(
            names = "--leader",
            paramLabel = "HOST:PORT[,HOST:PORT...]",
            split = ",",
            defaultValue = "${env:WORKCLUSTER_LEADER:-${env:LEADER_ADDR:-${env:SCHEDULER_ADDR:-localhost:50051}}}",
            description = "Leader address(es), tried in order until one answers "
                    + "(env WORKCLUSTER_LEADER, LEADER_ADDR, SCHEDULER_ADDR; default localhost:50051).")
    List<String> leaders;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "table|json",
            defaultValue = "${env:WORKCLUSTER_OUTPUT:-table}",
            description = "table (for people) or json (stable, for scripts) (env WORKCLUSTER_OUTPUT; default table).")
    OutputFormat output;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:WORKCLUSTER_TIMEOUT:-5s}",
            description = "Give up on an unreachable leader after this long (env WORKCLUSTER_TIMEOUT; default 5s).")
    Duration timeout;

    @Mixin
    TlsOptions tls;

    public List<String> leaders() {
        return leaders;
    }

    public OutputFormat output() {
        return output;
    }

    public Duration timeout() {
        return timeout;
    }

    /** A client of the {@code --leader} addresses that gives up on them after {@code --timeout}. */
    public WorkClient connect() {
        return connect(leaders, timeout);
    }

    /**
     * A client of other addresses (a node's peers, say), with the same TLS. {@code timeout} bounds each call
     * whole, retries included: the client's patience and the deadline of one try alike.
     */
    public WorkClient connect(List<String> addresses, Duration timeout) {
        ClientOptions options;
        try {
            options = new ClientOptions(addresses, timeout, timeout, null);
        } catch (IllegalArgumentException e) {
            throw usage("invalid --leader: " + e.getMessage());
        }
        try {
            return WorkClient.connect(options.withTls(tls.clientTls()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw usage("invalid TLS options: " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(new CommandLine(this), message);
    }
}
