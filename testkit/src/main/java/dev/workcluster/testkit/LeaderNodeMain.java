package dev.workcluster.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.raft.RaftSettings;
import dev.workcluster.leader.state.StateLimits;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader node with every default setting, in a JVM of its own, started by {@link LeaderProcess}.
 * It is not {@code workcluster leader} (the testkit cannot depend on the CLI, which depends on it) and
 * its stdout is a control channel to whoever started it: it prints {@code ready: ROLE} once the node takes
 * writes and answers each {@code heap} line on stdin with a {@link HeapUsage} line. When stdin ends (the
 * starter closed it, or died) the node stops, as it does on SIGTERM.
 *
 * <p>Arguments: {@code NODE_ID DATA_DIR CLUSTER_PORT RAFT_PORT [PEERS]}, PEERS as
 * {@code id=host:port,...} (every node of the Raft group with its Raft port; none for a group of one).
 *
 * <pre>{@code
 * java -cp CLASSPATH dev.workcluster.testkit.LeaderNodeMain n1 /tmp/n1 21001 21002 n1=127.0.0.1:21002,n2=127.0.0.1:21004
 * }</pre>
 */
public final class LeaderNodeMain {
    private static final Logger log = LoggerFactory.getLogger(LeaderNodeMain.class);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    /** System property: the address the node binds and advertises (default 127.0.0.1). */
    public static final String HOST_PROPERTY = "workcluster.bench.host";
    /** System property: true keeps the node's INFO log (the chaos run keeps it with the history). */
    public static final String VERBOSE_PROPERTY = "workcluster.bench.verbose";
    /** Held for the life of the process: java.util.logging forgets the level of a logger nobody references. */
    private static QuietLogs quietLogs;

    private LeaderNodeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 5) {
            throw new IllegalArgumentException(
                    "usage: NODE_ID DATA_DIR CLUSTER_PORT RAFT_PORT [PEERS], got " + List.of(args));
        }
        quietLogs();
        LeaderConfig config = config(
                args[0],
                Path.of(args[1]),
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]),
                args.length == 5 ? peers(args[4]) : List.of());
        LeaderServer server = LeaderServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "leader-shutdown"));
        server.awaitReady(READY_TIMEOUT);
        System.out.println("ready: " + server.raftStatus().role());
        System.out.flush();
        serveControlChannel();
        log.info("event=control_channel_closed node={}", config.raft().nodeId());
        System.exit(0); // the shutdown hook stops the server
    }

    /** A node with every default setting, as this entry point runs it; {@code peers} empty for a group of one. */
    public static LeaderConfig config(
            String nodeId, Path dataDir, int clusterPort, int raftPort, List<RaftSettings.Peer> peers) {
        // The chaos run puts each node in a network namespace of its own, at an address of its own.
        String host = System.getProperty(HOST_PROPERTY, "127.0.0.1");
        RaftSettings raft = new RaftSettings(
                dataDir,
                nodeId,
                host,
                raftPort,
                RaftSettings.DEFAULT_SNAPSHOT_EVERY,
                RaftSettings.DEFAULT_BATCH_MAX_COMMANDS,
                RaftSettings.DEFAULT_BATCH_MAX_BYTES,
                RaftSettings.DEFAULT_MAX_ENTRIES_IN_FLIGHT,
                peers,
                RaftSettings.DEFAULT_PROPOSAL_TIMEOUT,
                RaftSettings.DEFAULT_SEGMENT_SIZE_BYTES);
        return new LeaderConfig(
                host,
                clusterPort,
                0,
                raft,
                LeaderConfig.DEFAULT_HEARTBEAT_TIMEOUT,
                LeaderConfig.DEFAULT_WORKER_CALL_TIMEOUT,
                LeaderConfig.DEFAULT_MAX_ASSIGNMENTS_PER_ROUND,
                StateLimits.defaults(),
                SessionSettings.defaults(),
                host + ":" + clusterPort,
                LeaderConfig.DEFAULT_MAX_WATCHES,
                AccessSettings.open(),
                0,
                null,
                LeaderConfig.DEFAULT_MAX_RESULT_BYTES);
    }

    /** {@code n1=127.0.0.1:7001,n2=127.0.0.1:7002} as peers. */
    static List<RaftSettings.Peer> peers(String spec) {
        List<RaftSettings.Peer> peers = new ArrayList<>();
        for (String entry : spec.split(",")) {
            int eq = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq <= 0 || colon < eq) {
                throw new IllegalArgumentException("peer '" + entry + "' is not id=host:port");
            }
            peers.add(new RaftSettings.Peer(
                    entry.substring(0, eq),
                    entry.substring(eq + 1, colon),
                    Integer.parseInt(entry.substring(colon + 1))));
        }
        return peers;
    }

    /** Answers every {@code heap} line until stdin ends. */
    private static void serveControlChannel() throws java.io.IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.trim().equals("heap")) {
                    long used = memory.getHeapMemoryUsage().getUsed();
                    System.gc(); // a full collection with G1: what stays is what the leader holds on to
                    long afterGc = memory.getHeapMemoryUsage().getUsed();
                    System.out.println(new HeapUsage(
                                    used, afterGc, memory.getHeapMemoryUsage().getMax())
                            .line());
                    System.out.flush();
                }
            }
        }
    }

    /** Warnings and errors only: the bench's own output is what people read. */
    private static void quietLogs() {
        if (Boolean.getBoolean(VERBOSE_PROPERTY)) {
            return;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
        quietLogs = QuietLogs.errorsOnly(); // never closed
    }
}
