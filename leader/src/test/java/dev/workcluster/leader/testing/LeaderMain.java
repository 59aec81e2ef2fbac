package dev.workcluster.leader.testing;

import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.config.LeaderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of a leader node in its own JVM, for {@link LeaderProcess}. Prints {@value #READY}
 * on stdout once the node leads and has replayed its log, then runs until the process is killed.
 *
 * <p>Arguments: data dir, cluster port, scheduler port, raft port, snapshot-every (entries),
 * heartbeat timeout (ISO-8601, e.g. {@code PT2M}).
 */
public final class LeaderMain {
    public static final String READY = "READY";

    private LeaderMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println(
                    "usage: LeaderMain DATA_DIR CLUSTER_PORT SCHEDULER_PORT RAFT_PORT SNAPSHOT_EVERY HEARTBEAT_TIMEOUT");
            System.exit(2);
        }
        LeaderConfig config = LeaderConfig.defaults(Path.of(args[0]))
                .withPorts(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]))
                .withSnapshotEvery(Long.parseLong(args[4]))
                .withHeartbeatTimeout(Duration.parse(args[5]));
        try {
            LeaderServer server = LeaderServer.start(config);
            server.awaitReady(Duration.ofSeconds(60));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println(READY);
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
