package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.Json;
import dev.workcluster.client.WorkClient;
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
    int run(WorkClient client, PrintWriter out) {
        HealthCheckResponse health = client.call(
                "check health",
                channel -> HealthGrpc.newBlockingStub(channel)
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
