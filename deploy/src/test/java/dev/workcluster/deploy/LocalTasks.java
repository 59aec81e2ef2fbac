package dev.workcluster.deploy;

import dev.workcluster.testkit.JvmLaunch;
import dev.workcluster.testkit.JvmProcess;
import dev.workcluster.testkit.NetworkNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the template's tasks as local processes, each as ECS would run its container: in a
 * network namespace of its own (an awsvpc task's own address, so every leader listens on the
 * same ports), with exactly the container's command and environment and nothing inherited,
 * the Cloud Map names resolving to those addresses (a hosts file the JVM reads instead of DNS),
 * and the image's JVM options with the heap sized from the task's memory. The one substitution:
 * the data volume's mount path becomes a directory per node, kept across replacements as EFS
 * keeps an access point's files.
 */
final class LocalTasks implements AutoCloseable {
    static final String MAIN = "dev.workcluster.cli.Main";
    private static final String NAMESPACE_PREFIX = "wce-";
    private static final String SUBNET = "10.213.9";

    private final NetworkNamespaces network;
    private final Path dir;
    private final Path hosts;
    private final Map<String, Integer> generations = new LinkedHashMap<>();

    private LocalTasks(NetworkNamespaces network, Path dir, Path hosts) {
        this.network = network;
        this.dir = dir;
        this.hosts = hosts;
    }

    /** A namespace per slot (such as {@code n1}, {@code w1}); each leader's Cloud Map name resolves to its node's slot. */
    static LocalTasks create(Path dir, List<EcsTemplate.TaskSpec> leaders, List<String> slots)
            throws IOException, InterruptedException {
        NetworkNamespaces network = NetworkNamespaces.create(NAMESPACE_PREFIX, SUBNET, slots);
        if (!network.partitionsPossible()) {
            network.close();
            throw new IllegalStateException("the ECS rehearsal runs each task in a network namespace, as awsvpc "
                    + "does; run it as root with iproute2 installed (" + network.unavailableReason() + ")");
        }
        StringBuilder lines = new StringBuilder();
        for (EcsTemplate.TaskSpec leader : leaders) {
            String advertised = leader.env("WORKCLUSTER_NODE_ADVERTISE");
            String name = advertised.substring(0, advertised.lastIndexOf(':'));
            lines.append(network.host(leader.env("WORKCLUSTER_NODE_ID")))
                    .append(' ')
                    .append(name)
                    .append('\n');
        }
        Path hosts = Files.writeString(dir.resolve("hosts"), lines);
        return new LocalTasks(network, dir, hosts);
    }

    /** The address a slot's task has, as the orchestrator (this JVM, on the bridge) reaches it. */
    String host(String slot) {
        return network.host(slot);
    }

    /** Starts {@code task} in {@code slot}, adding {@code observe} to its environment (log levels only). */
    JvmProcess start(EcsTemplate.TaskSpec task, String slot, Map<String, String> observe) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>(task.environment());
        if (task.dataMount() != null && task.dataMount().equals(environment.get("WORKCLUSTER_DATA_DIR"))) {
            environment.put(
                    "WORKCLUSTER_DATA_DIR",
                    Files.createDirectories(dir.resolve("data-" + slot)).toString());
        }
        environment.putAll(observe);
        List<String> launcher = new ArrayList<>(network.launcher(slot));
        launcher.addAll(List.of("env", "-i", "PATH=" + System.getenv("PATH")));
        environment.forEach((name, value) -> launcher.add(name + "=" + value));
        JvmLaunch launch = JvmLaunch.of(MAIN, task.command())
                .withLauncher(launcher)
                .withJvmOptions(List.of(
                        "-Xmx" + task.memoryMiB() * 3 / 4 + "m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Djdk.net.hosts.file=" + hosts));
        int generation = generations.merge(slot, 1, Integer::sum);
        return JvmProcess.start(launch, dir.resolve(slot + "-" + generation + ".log"));
    }

    @Override
    public void close() throws InterruptedException {
        network.close();
    }
}
