package dev.workcluster.client;

import dev.workcluster.testkit.EmbeddedCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real leader node with default settings and a {@link WorkClient} connected to it, shared by the tests of one
 * class: register it as a static {@code @RegisterExtension} field. It starts before the class's {@code @BeforeAll}
 * methods (which may start workers on {@link #cluster()}) and closes the client, then the node, after its
 * {@code @AfterAll} methods.
 */
final class LeaderWithClient implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private EmbeddedCluster cluster;
    private WorkClient client;

    /** @param name names the node's temporary directory */
    LeaderWithClient(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = EmbeddedCluster.start(name, config -> config);
        client = WorkClient.connect(ClientOptions.of(cluster.address()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    EmbeddedCluster cluster() {
        return cluster;
    }

    WorkClient client() {
        return client;
    }
}
