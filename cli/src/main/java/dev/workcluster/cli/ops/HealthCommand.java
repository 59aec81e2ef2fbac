package dev.workcluster.cli.ops;

import dev.workcluster.cli.client.LeaderClient;
import dev.workcluster.cli.output.Json;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code workcluster health}: the standard grpc.health.v1 check (service "") of the
 * first address that answers. Exit 0 only when it is SERVING, so it works as a
 * container health check.
 */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        description = "Check a node with grpc.health.v1: exit 0 when SERVING, 1 otherwise, 2 when unreachable.")
public final class HealthCommand extends ClusterCommand {
    @Override
    int run(LeaderClient client, PrintWriter out) {
        // The cluster stub's channel carries the failover and the remaining timeout; the health service rides on it.
        HealthCheckResponse health = client.cluster(stub -> HealthGrpc.newBlockingStub(stub.getChannel())
                .check(HealthCheckRequest.newBuilder().setService("").build()));
        if (json()) {
            Json.print(health, out);
        } else {
            out.println(
                    health.getStatus() == HealthCheckResponse.ServingStatus.UNRECOGNIZED
                            ? "UNKNOWN"
                            : health.getStatus().name());
            out.flush();
        }
        return health.getStatus() == HealthCheckResponse.ServingStatus.SERVING ? 0 : 1;
    }
}
