package dev.workcluster.e2e;

import dev.workcluster.cli.Main;
import dev.workcluster.client.ClientOptions;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.JvmLaunch;
import dev.workcluster.testkit.JvmProcess;
import dev.workcluster.testkit.LeaderProcess;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** N leader nodes as real processes on loopback ({@code workcluster leader}), forming one Raft group. */
final class RaftCluster implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(60);

    record Node(String id, int clientPort, int rpcPort, int raftPort, int httpPort) {
        String clientAddress() {
            return "127.0.0.1:" + clientPort;
        }

        String metricsUrl() {
            return "http://127.0.0.1:" + httpPort + "/metrics";
        }
    }

    private final Path dir;
    private final List<Node> nodes;
    private final LeaderProcess[] processes;
    private final String peers;
    private final List<String> extraArgs;
    private int restarts;

    RaftCluster(Path dir, int size, String... extraArgs) {
        this.extraArgs = List.of(extraArgs);
        this.dir = dir;
        this.nodes = IntStream.rangeClosed(1, size)
                .mapToObj(
                        i -> new Node("n" + i, FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next()))
                .toList();
        this.processes = new LeaderProcess[size];
        this.peers = String.join(
                ",",
                nodes.stream().map(n -> n.id() + "=127.0.0.1:" + n.raftPort()).toList());
    }

    /** Starts every node; if one does not come up, stops them all, since no caller holds the cluster yet to close it. */
    RaftCluster startAll() throws Exception {
        try {
            for (int i = 0; i < nodes.size(); i++) {
                launch(i);
            }
            for (int i = 0; i < nodes.size(); i++) {
                awaitReady(i);
            }
            return this;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    void launch(int i) throws Exception {
        Node node = nodes.get(i);
        List<String> args = new java.util.ArrayList<>(List.of(
                "leader",
                "--node-id",
                node.id(),
                "--peers",
                peers,
                "--data-dir",
                dir.resolve(node.id()).toString(),
                "--bind",
                "127.0.0.1",
                "--port",
                "" + node.clientPort(),
                "--rpc-port",
                "" + node.rpcPort(),
                "--http-port",
                "" + node.httpPort(),
                "--advertise",
                node.clientAddress(),
                "--session-grace",
                "5s",
                "--heartbeat-timeout",
                "10s"));
        args.addAll(extraArgs);
        processes[i] = LeaderProcess.start(
                dir,
                node.id() + "-" + (restarts++),
                JvmLaunch.of(Main.class.getName(), args).withJvmOptions(List.of("-Xmx256m")));
    }

    void awaitReady(int i) throws InterruptedException {
        processes[i].awaitReady(START);
    }

    void kill(int i) throws InterruptedException {
        processes[i].kill();
    }

    /** SIGSTOP to these nodes at the same moment: frozen, not dead (their sockets stay open, nothing answers). */
    void pause(int... indexes) throws Exception {
        JvmProcess.pause(processesAt(indexes));
    }

    /** SIGCONT to these nodes at the same moment. */
    void resume(int... indexes) throws Exception {
        JvmProcess.resume(processesAt(indexes));
    }

    private List<JvmProcess> processesAt(int... indexes) {
        return java.util.Arrays.stream(indexes)
                .mapToObj(i -> processes[i].process())
                .toList();
    }

    /** SIGTERM, waiting for the process to end by itself; returns its exit code. */
    int terminate(int i) throws InterruptedException {
        return processes[i].process().terminate(Duration.ofSeconds(30));
    }

    Node node(int i) {
        return nodes.get(i);
    }

    List<String> addresses() {
        return nodes.stream().map(Node::clientAddress).toList();
    }

    /** A client of every node that gives up on a call after {@code timeout}, retries included. */
    WorkClient client(Duration timeout) {
        return WorkClient.connect(new ClientOptions(addresses(), timeout, timeout, null));
    }

    /** The index of the Raft leader once it takes writes (has caught up with the log), polling until one does. */
    int leaderIndex(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < nodes.size(); i++) {
                GetStatusResponse status = status(i);
                if (status != null && status.getLeaderReady()) {
                    return i;
                }
            }
        }
        throw new AssertionError("no leader within " + within);
    }

    /** GetStatus of one node, or null when it does not answer. */
    GetStatusResponse status(int i) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(nodes.get(i).clientAddress())
                .usePlaintext()
                .build();
        try {
            return dev.workcluster.proto.cluster.v1.LeaderServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getStatus(GetStatusRequest.getDefaultInstance());
        } catch (RuntimeException e) {
            return null;
        } finally {
            channel.shutdownNow();
        }
    }

    String logOf(int i) {
        return processes[i].process().log();
    }

    @Override
    public void close() throws InterruptedException {
        InterruptedException interrupted = null;
        for (LeaderProcess process : processes) {
            if (process != null) {
                try {
                    process.process().close(); // SIGKILL, resuming a paused node first
                } catch (InterruptedException e) {
                    interrupted = e; // still close the others: no JVM may outlive the test
                }
            }
        }
        if (interrupted != null) {
            throw interrupted;
        }
    }
}
