package dev.workcluster.bench;

import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.LeaderNodeMain;
import dev.workcluster.testkit.LeaderProcess;
import dev.workcluster.testkit.TemporaryDirectories;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N leader nodes, each a {@link LeaderProcess}, forming one Raft group on loopback ports, with
 * their data in a temporary directory. One node is a group of one, as the embedded default.
 * {@link #close()} stops every node still running and deletes the directory (keeps it, with each
 * node's NAME.log, under {@code -Dworkcluster.bench.verbose=true}).
 */
final class LeaderGroup implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderGroup.class);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STATUS_DEADLINE = Duration.ofSeconds(2);
    /** While looking for the leader: a node busy with an election must not hold up the look at the others. */
    private static final Duration LEADER_POLL_DEADLINE = Duration.ofMillis(250);

    private final Path dir;
    private final List<LeaderProcess> nodes = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();

    private LeaderGroup(Path dir) {
        this.dir = dir;
    }

    /** Starts {@code size} nodes n1..nN and waits until every one of them takes writes. */
    static LeaderGroup start(String name, int size, List<String> jvmOptions) throws Exception {
        LeaderGroup group = launch(name, size, jvmOptions);
        try {
            group.awaitReady();
            return group;
        } catch (Exception e) {
            group.close();
            throw e;
        }
    }

    /**
     * Starts {@code size} nodes n1..nN without waiting for them, so that what connects to them can
     * start meanwhile; {@link #awaitReady()} waits.
     */
    static LeaderGroup launch(String name, int size, List<String> jvmOptions) throws Exception {
        LeaderGroup group = new LeaderGroup(TemporaryDirectories.create("bench-" + name));
        List<String> nodeOptions = new ArrayList<>(jvmOptions);
        if (Boolean.getBoolean(LeaderNodeMain.VERBOSE_PROPERTY)) {
            nodeOptions.add("-D" + LeaderNodeMain.VERBOSE_PROPERTY + "=true"); // the nodes keep their INFO log too
        }
        try {
            int[] clusterPorts = new int[size];
            List<String> peers = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                clusterPorts[i] = FreePorts.next();
                peers.add("n" + (i + 1) + "=127.0.0.1:" + FreePorts.next());
            }
            for (int i = 0; i < size; i++) {
                String peer = peers.get(i);
                int raftPort = Integer.parseInt(peer.substring(peer.lastIndexOf(':') + 1));
                group.add(
                        LeaderProcess.start(
                                group.dir,
                                "n" + (i + 1),
                                clusterPorts[i],
                                raftPort,
                                size == 1 ? "" : String.join(",", peers),
                                nodeOptions),
                        clusterPorts[i]);
            }
            return group;
        } catch (Exception e) {
            group.close();
            throw e;
        }
    }

    /** Waits until every node takes writes (or forwards them to the Raft leader). */
    void awaitReady() throws InterruptedException, java.util.concurrent.TimeoutException {
        for (LeaderProcess node : nodes) {
            node.awaitReady(READY_TIMEOUT);
        }
    }

    private void add(LeaderProcess node, int clusterPort) {
        String address = "127.0.0.1:" + clusterPort;
        nodes.add(node);
        addresses.add(address);
        channels.add(Grpc.newChannelBuilder(address, InsecureChannelCredentials.create())
                .build());
    }

    int size() {
        return nodes.size();
    }

    LeaderProcess node(int i) {
        return nodes.get(i);
    }

    /** host:port of every node's cluster.v1 port (which serves scheduler.v1 too), n1 first. */
    List<String> addresses() {
        return List.copyOf(addresses);
    }

    ManagedChannel channel(int i) {
        return channels.get(i);
    }

    /** GetStatus of node i, or empty when it does not answer within {@link #STATUS_DEADLINE}. */
    Optional<GetStatusResponse> status(int i) {
        return status(i, STATUS_DEADLINE);
    }

    private Optional<GetStatusResponse> status(int i, Duration deadline) {
        try {
            return Optional.of(LeaderServiceGrpc.newBlockingStub(channels.get(i))
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .getStatus(GetStatusRequest.getDefaultInstance()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when node i answers and no task is pending or running: all that was accepted has finished. */
    boolean idle(int i) {
        return status(i)
                .map(s -> s.getTasks().getPending() + s.getTasks().getRunning() == 0)
                .orElse(false);
    }

    /** The live node that is the Raft leader and takes writes (has caught up with the log), if one is right now. */
    Optional<Integer> leaderIndex() {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).isAlive()
                    && status(i, LEADER_POLL_DEADLINE)
                            .map(GetStatusResponse::getLeaderReady)
                            .orElse(false)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Polls until a live node reports itself the Raft leader; returns its index. */
    int awaitLeader(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Integer> leader = leaderIndex();
            if (leader.isPresent()) {
                return leader.get();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no node reported itself the Raft leader within " + timeout + "; "
                + nodes.stream().map(LeaderProcess::diagnostics).collect(Collectors.joining("\n")));
    }

    /** SIGKILL to every node still running, for a group whose data is thrown away; {@link #close()} still follows. */
    void kill() throws InterruptedException {
        for (LeaderProcess node : nodes) {
            if (node.isAlive()) {
                node.kill();
            }
        }
    }

    /** Stops the nodes still running (all at once), then deletes the data directory. */
    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (LeaderProcess node : nodes) {
            node.signalStop();
        }
        for (LeaderProcess node : nodes) {
            node.close();
        }
        if (Boolean.getBoolean(LeaderNodeMain.VERBOSE_PROPERTY)) {
            log.info("event=node_logs_kept dir={}", dir); // NAME.log per node, for reading a run afterwards
        } else {
            TemporaryDirectories.delete(dir);
        }
    }
}
