package dev.workcluster.cli.watch;

import dev.workcluster.client.WorkClient;
import io.grpc.Channel;
import java.time.Duration;
import java.util.List;

/**
 * The nodes a watch follows, in the order it tries them, on the client's connections (TLS included). The watch
 * picks the node itself, node by node, because it tells the operator which one it is connected to and when it
 * loses it; {@code timeout} bounds reaching the first one.
 */
public record WatchNodes(WorkClient client, List<String> addresses, Duration timeout) {
    public WatchNodes {
        addresses = List.copyOf(addresses);
    }

    Channel channel(String address) {
        return client.channel(address);
    }
}
