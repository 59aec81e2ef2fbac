package dev.workcluster.cli.ops;

import dev.workcluster.cli.client.ConnectionOptions;
import dev.workcluster.cli.client.LeaderUnreachableException;
import dev.workcluster.client.ClusterUnavailableException;
import dev.workcluster.client.WorkClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every operator command shares: the connection options, a client that is
 * closed afterwards, and picocli's output streams (so tests can capture them).
 * Failures propagate to {@code Main}'s handler, which maps them to exit codes; a client
 * that gave up on every address is said the CLI's way (exit 2).
 */
abstract class ClusterCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (WorkClient client = connection.connect()) {
            return run(client, spec.commandLine().getOut());
        } catch (ClusterUnavailableException e) {
            throw LeaderUnreachableException.of(connection.leaders(), e);
        }
    }

    abstract int run(WorkClient client, PrintWriter out) throws Exception;

    boolean json() {
        return connection.output() == dev.workcluster.cli.output.OutputFormat.JSON;
    }
}
