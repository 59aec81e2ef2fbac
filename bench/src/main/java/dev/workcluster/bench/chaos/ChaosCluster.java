package dev.workcluster.bench.chaos;

import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.JvmLaunch;
import dev.workcluster.testkit.LeaderNodeMain;
import dev.workcluster.testkit.LeaderProcess;
import dev.workcluster.testkit.NetworkNamespaces;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a chaos run: three leader nodes and five workers (four library workers on
 * the session stream, one on the seed's push transport), each a JVM of its own, in its own
 * network namespace when there are namespaces. Kills, pauses and restarts act on real
 * processes with real signals; {@link #close} stops every one of them, paused ones included.
 */
final class ChaosCluster implements AutoCloseable {
    static final List<String> NODES = List.of("n1", "n2", "n3");
    static final List<String> WORKERS = List.of("w1", "w2", "w3", "w4", "p1");
    static final int SLOTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> NODE_JVM = List.of("-Xmx256m");
    private static final List<String> WORKER_JVM = List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Path dir;
    private final Path history;
    private final NetworkNamespaces network;
    private final Map<String, Integer> clusterPorts = new LinkedHashMap<>();
    private final Map<String, Integer> raftPorts = new LinkedHashMap<>();
    private final Map<String, Integer> pushPorts = new LinkedHashMap<>();
    private final Map<String, LeaderProcess> nodes = new LinkedHashMap<>();
    private final Map<String, Process> workers = new LinkedHashMap<>();
    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

    ChaosCluster(Path dir, Path history, NetworkNamespaces network) {
        this.dir = dir;
        this.history = history;
        this.network = network;
        for (String node : NODES) {
            clusterPorts.put(node, FreePorts.next());
            raftPorts.put(node, FreePorts.next());
        }
        for (String worker : WORKERS) {
            pushPorts.put(worker, FreePorts.next());
        }
        for (String node : NODES) {
            channels.put(
                    node,
                    Grpc.newChannelBuilder(address(node), InsecureChannelCredentials.create())
                            .build());
        }
    }

    /** Starts every node, waits until each takes writes, then starts the workers. */
    void start() throws Exception {
        for (String node : NODES) {
            startNode(node);
        }
        for (String node : NODES) {
            nodes.get(node).awaitReady(READY_TIMEOUT);
        }
        for (String worker : WORKERS) {
            startWorker(worker);
        }
    }

    List<String> addresses() {
        return NODES.stream().map(this::address).toList();
    }

    ManagedChannel channel(String node) {
        return channels.get(node);
    }

    boolean isNode(String member) {
        return NODES.contains(member);
    }

    /** The node that says it is the Raft leader (the one with the highest term if several do), if one answers. */
    Optional<String> raftLeader() {
        String leader = null;
        long term = -1;
        for (String node : NODES) {
            Optional<GetStatusResponse> status = status(node);
            if (status.isPresent()
                    && status.get().getRole().equals("LEADER")
                    && status.get().getTerm() > term) {
                leader = node;
                term = status.get().getTerm();
            }
        }
        return Optional.ofNullable(leader);
    }

    Optional<GetStatusResponse> status(String node) {
        try {
            return Optional.of(LeaderServiceGrpc.newBlockingStub(channels.get(node))
                    .withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getStatus(GetStatusRequest.getDefaultInstance()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL; returns once the process is gone. */
    void kill(String member) throws InterruptedException {
        resume(member); // a stopped process dies of SIGKILL too, but leave no doubt about its state
        if (isNode(member)) {
            nodes.get(member).kill();
        } else {
            Process process = workers.get(member);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    void restart(String member) throws IOException {
        if (isNode(member)) {
            startNode(member);
        } else {
            startWorker(member);
        }
    }

    /** SIGSTOP: frozen, its sockets open, nothing answers. */
    void pause(String member) throws IOException, InterruptedException {
        signal("STOP", member);
    }

    /** SIGCONT. */
    void resume(String member) throws InterruptedException {
        try {
            signal("CONT", member);
        } catch (IOException e) {
            throw new IllegalStateException("could not resume " + member, e);
        }
    }

    /** Stops every node (SIGTERM, then SIGKILL if need be) and starts them all again on the same data. */
    void restartNodes() throws Exception {
        for (String node : NODES) {
            nodes.get(node).close();
        }
        for (String node : NODES) {
            startNode(node);
        }
        for (String node : NODES) {
            nodes.get(node).awaitReady(READY_TIMEOUT);
        }
    }

    /** Each live node's threads (jcmd Thread.print) into {@code dir/NODE.threads.txt}: why a node stopped moving. */
    void dumpThreads(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        for (String node : NODES) {
            LeaderProcess process = nodes.get(node);
            if (process != null && process.isAlive()) {
                Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(node + ".threads.txt").toFile())
                        .start();
                dump.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private String address(String node) {
        return network.host(node) + ":" + clusterPorts.get(node);
    }

    private void startNode(String node) throws IOException {
        List<String> peers = new ArrayList<>();
        for (String peer : NODES) {
            peers.add(peer + "=" + network.host(peer) + ":" + raftPorts.get(peer));
        }
        List<String> jvm = new ArrayList<>(NODE_JVM);
        jvm.add("-D" + LeaderNodeMain.HOST_PROPERTY + "=" + network.host(node));
        jvm.add("-D" + LeaderNodeMain.VERBOSE_PROPERTY + "=true");
        nodes.put(
                node,
                LeaderProcess.start(
                        network.launcher(node),
                        dir,
                        node,
                        clusterPorts.get(node),
                        raftPorts.get(node),
                        String.join(",", peers),
                        jvm));
    }

    private void startWorker(String worker) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                worker,
                worker.startsWith("p") ? "PUSH" : "STREAM",
                Integer.toString(SLOTS),
                history.toString(),
                String.join(",", addresses())));
        if (worker.startsWith("p")) {
            args.addAll(List.of(network.host(worker), Integer.toString(pushPorts.get(worker))));
        }
        List<String> command = JvmLaunch.of(ChaosWorkerMain.class.getName(), args)
                .withJvmOptions(WORKER_JVM)
                .withLauncher(network.launcher(worker))
                .command();
        Path log = dir.resolve(worker + ".log");
        Files.createDirectories(dir);
        workers.put(
                worker,
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start());
    }

    private void signal(String signal, String member) throws IOException, InterruptedException {
        long pid =
                isNode(member) ? nodes.get(member).pid() : workers.get(member).pid();
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        kill.getInputStream().readAllBytes();
        kill.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (String member : WORKERS) {
            Process process = workers.get(member);
            if (process != null && process.isAlive()) {
                resume(member);
                process.destroyForcibly(); // workers hold nothing worth a graceful stop once the run is over
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (String node : NODES) {
            LeaderProcess process = nodes.get(node);
            if (process != null) {
                if (process.isAlive()) {
                    resume(node);
                }
                process.close();
            }
        }
    }
}
