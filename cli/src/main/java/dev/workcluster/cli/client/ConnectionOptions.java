package dev.workcluster.cli.client;

import dev.workcluster.cli.output.OutputFormat;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    public LeaderClient connect() {
        return connect(leaders, timeout);
    }

    /** A client of other addresses (a node's peers, say), with the same TLS. */
    public LeaderClient connect(List<String> addresses, Duration callTimeout) {
        try {
            return new LeaderClient(addresses, callTimeout, tls.settings());
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "invalid TLS options: " + e.getMessage());
        }
    }
}
