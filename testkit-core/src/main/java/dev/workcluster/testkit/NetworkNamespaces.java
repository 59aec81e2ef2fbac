package dev.workcluster.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hosts on one machine: a network namespace per process (a chaos run's nodes, the tasks of a
 * rehearsed ECS deployment), each with a veth pair whose root end hangs on a bridge,
 * {@code <prefix>br0}, which also holds the orchestrator's address ({@code <subnet>.1}). A
 * partition moves the root ends of the minority onto a second bridge, {@code <prefix>br1}: the
 * minority still reaches itself, no one else (nor the orchestrator); healing moves them back.
 * Needs root and iproute2 ({@code ip netns}, veth, bridge); nothing else. Each user picks a
 * prefix and a /24 that nothing else uses; leftovers of a run that died are removed first.
 * Without namespaces ({@link #loopback}) every process runs on 127.0.0.1 and partitions are not
 * possible.
 *
 * <pre>{@code
 * try (NetworkNamespaces network = NetworkNamespaces.create("wcc-", "10.213.7", List.of("n1", "n2"))) {
 *     JvmLaunch launch = JvmLaunch.of(mainClass, args).withLauncher(network.launcher("n1"));
 *     String address = network.host("n1") + ":50051";
 * }
 * }</pre>
 */
public final class NetworkNamespaces implements AutoCloseable {
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(10);
    private final String prefix;
    private final String subnet;
    private final Map<String, String> hosts = new LinkedHashMap<>();
    private final boolean namespaces;
    private final String unavailableReason;
    private final Set<String> partitioned = new HashSet<>();

    private NetworkNamespaces(String prefix, String subnet, boolean namespaces, String unavailableReason) {
        this.prefix = prefix;
        this.subnet = subnet;
        this.namespaces = namespaces;
        this.unavailableReason = unavailableReason;
    }

    /**
     * Namespaces named {@code prefix + member} on {@code subnet}.0/24 (such as {@code 10.213.7}) if this
     * machine can make them, else loopback (see {@link #unavailableReason()}).
     */
    public static NetworkNamespaces create(String prefix, String subnet, List<String> members)
            throws InterruptedException {
        removeLeftovers(prefix);
        NetworkNamespaces network = new NetworkNamespaces(prefix, subnet, true, "");
        try {
            network.build(members);
            return network;
        } catch (IOException e) {
            network.close();
            return loopback(members, "network namespaces unavailable: " + e.getMessage());
        }
    }

    public static NetworkNamespaces loopback(List<String> members, String reason) {
        NetworkNamespaces network = new NetworkNamespaces("", "127.0.0", false, reason);
        members.forEach(m -> network.hosts.put(m, "127.0.0.1"));
        return network;
    }

    public boolean partitionsPossible() {
        return namespaces;
    }

    /** Why there are no namespaces; empty when there are. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /** The address a member binds and is reached at. */
    public String host(String member) {
        return hosts.get(member);
    }

    /** What to put before a member's command so that it runs in the member's namespace. */
    public List<String> launcher(String member) {
        return namespaces ? List.of("ip", "netns", "exec", prefix + member) : List.of();
    }

    /** Cuts {@code minority} off from everyone else (and the orchestrator); a previous partition is healed first. */
    public synchronized void partition(Collection<String> minority) throws IOException, InterruptedException {
        heal();
        for (String member : minority) {
            ip("link", "set", prefix + member, "master", prefix + "br1");
            partitioned.add(member);
        }
    }

    public synchronized void heal() throws IOException, InterruptedException {
        for (String member : List.copyOf(partitioned)) {
            ip("link", "set", prefix + member, "master", prefix + "br0");
            partitioned.remove(member);
        }
    }

    private void build(List<String> members) throws IOException, InterruptedException {
        for (String bridge : List.of(prefix + "br0", prefix + "br1")) {
            // no forward delay: a port moved back onto the bridge must forward at once, not after 15 s
            ip("link", "add", bridge, "type", "bridge", "forward_delay", "0");
            ip("link", "set", bridge, "up");
        }
        ip("addr", "add", subnet + ".1/24", "dev", prefix + "br0");
        int next = 10;
        for (String member : members) {
            String ns = prefix + member;
            String host = subnet + "." + next++;
            ip("netns", "add", ns);
            ip("link", "add", ns, "type", "veth", "peer", "name", "eth0", "netns", ns);
            ip("link", "set", ns, "master", prefix + "br0");
            ip("link", "set", ns, "up");
            ip("-n", ns, "addr", "add", host + "/24", "dev", "eth0");
            ip("-n", ns, "link", "set", "eth0", "up");
            ip("-n", ns, "link", "set", "lo", "up");
            hosts.put(member, host);
        }
    }

    /** The address the orchestrator (this process, in the root namespace) has on the bridge. */
    public String orchestratorHost() {
        return namespaces ? subnet + ".1" : "127.0.0.1";
    }

    /** Deletes every namespace and bridge of this (or an earlier, crashed) run. */
    @Override
    public void close() throws InterruptedException {
        if (namespaces) {
            removeLeftovers(prefix);
        }
    }

    private static void removeLeftovers(String prefix) throws InterruptedException {
        try {
            for (String ns : output("ip", "netns", "list")) {
                String name = ns.split(" ")[0];
                if (name.startsWith(prefix)) {
                    Program.of("ip", "netns", "del", name)
                            .withTimeout(TIMEOUT)
                            .run(); // takes its end of the veth, and so the pair, with it
                }
            }
            for (String bridge : List.of(prefix + "br0", prefix + "br1")) {
                Program.of("ip", "link", "del", bridge).withTimeout(TIMEOUT).run();
            }
        } catch (IOException e) {
            // no iproute2 at all: nothing was made either
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Program.of(command).withTimeout(TIMEOUT).run().requireSuccess(command);
    }

    private static List<String> output(String... command) throws IOException, InterruptedException {
        return Program.of(command).withTimeout(TIMEOUT).run().output().lines().toList();
    }
}
