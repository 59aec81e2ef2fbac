package dev.workcluster.bench;

import dev.workcluster.testkit.TemporaryDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real deployment made of processes: a Raft group of leader processes ({@link LeaderGroup}),
 * {@code workcluster worker} processes pointed at all of its nodes, and one outside client process
 * that submits to the Raft leader first. {@link #close()} stops every one of them, also after a failure.
 */
final class ClusterDeployment implements AutoCloseable {
    static final List<String> NODE_JVM_OPTIONS = List.of("-Xmx512m");
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private LeaderGroup group;
    private int raftLeader;
    private WorkerProcesses workers;
    private ClientProcess client;

    private ClusterDeployment(Path dir) {
        this.dir = dir;
    }

    /** Starts {@code nodes} leader nodes, then {@code workers} workers × {@code slots}, then the client. */
    static ClusterDeployment start(String name, int nodes, int workers, int slots) throws Exception {
        ClusterDeployment deployment =
                new ClusterDeployment(TemporaryDirectories.create("bench-" + name + "-processes"));
        try {
            // the workers' JVMs start while the nodes' do; they keep trying until a node answers
            deployment.group = LeaderGroup.launch(name, nodes, NODE_JVM_OPTIONS);
            deployment.workers = WorkerProcesses.start(deployment.dir, workers, slots, deployment.group.addresses());
            deployment.group.awaitReady();
            deployment.raftLeader = deployment.group.awaitLeader(ELECTION_TIMEOUT);
            deployment.client = ClientProcess.start(deployment.dir, "client", deployment.clientAddresses());
            deployment.awaitWorkers(workers);
            deployment.client.awaitReady(CONNECT_TIMEOUT);
            return deployment;
        } catch (Exception | Error e) {
            deployment.close();
            throw e;
        }
    }

    private void awaitWorkers(int count) throws InterruptedException {
        boolean joined = Polling.until(
                () -> group.status(raftLeader)
                        .map(s -> s.getMembersAlive() >= count)
                        .orElse(false),
                JOIN_TIMEOUT);
        workers.checkAlive();
        if (!joined) {
            throw new IllegalStateException(
                    count + " workers did not join within " + JOIN_TIMEOUT + "\n" + workers.diagnostics());
        }
    }

    /** The Raft leader's address first: where an informed client would send its writes. */
    private List<String> clientAddresses() {
        List<String> addresses = new ArrayList<>(group.addresses());
        addresses.add(0, addresses.remove(raftLeader));
        return addresses;
    }

    ClientProcess client() {
        return client;
    }

    /** Throws if a worker has exited: the figures would be of a smaller cluster. */
    void checkWorkers() {
        workers.checkAlive();
    }

    int nodes() {
        return group.size();
    }

    /** True when the node that was the Raft leader when the deployment started still says it is. */
    boolean raftLeaderUnchanged() {
        return group.leaderIndex().map(i -> i == raftLeader).orElse(false);
    }

    /** CPU time the node that was the Raft leader when the deployment started used so far, or null. */
    Duration raftLeaderCpu() {
        return group.node(raftLeader).cpu();
    }

    /** CPU time all leader nodes used so far, or null where the OS does not say. */
    Duration leaderCpu() {
        Duration total = Duration.ZERO;
        for (int i = 0; i < group.size(); i++) {
            Duration cpu = group.node(i).cpu();
            if (cpu == null) {
                return null;
            }
            total = total.plus(cpu);
        }
        return total;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (client != null) {
                client.close();
            }
            if (workers != null) {
                workers.close();
            }
            if (group != null) {
                group.kill(); // nothing on the nodes' disks is kept, and a SIGTERM would hand leadership over first
            }
        } finally {
            if (group != null) {
                group.close();
            }
            TemporaryDirectories.delete(dir);
        }
    }
}
