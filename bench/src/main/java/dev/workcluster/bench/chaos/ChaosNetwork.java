package dev.workcluster.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One network namespace per process of a chaos run, each with a veth pair whose root end
 * hangs on a bridge: {@code wcc-br0} (with the orchestrator's address) joins everyone. A
 * partition moves the root ends of the minority onto a second bridge, {@code wcc-br1}: the
 * minority still reaches itself, no one else (nor the orchestrator); healing moves them back.
 * Needs root and iproute2 ({@code ip netns}, veth, bridge); nothing else. The names
 * ({@code wcc-*}) and the subnet ({@value #SUBNET}.0/24) are used by nothing else; leftovers
 * of a run that died are removed first. Without namespaces ({@link #loopback}) every process
 * runs on 127.0.0.1 and partitions are not possible.
 */
final class ChaosNetwork implements AutoCloseable {
    static final String SUBNET = "10.213.7";
    private static final String PREFIX = "wcc-";
    private static final String MAJORITY_BRIDGE = PREFIX + "br0";
    private static final String MINORITY_BRIDGE = PREFIX + "br1";

    private final Map<String, String> hosts = new LinkedHashMap<>();
    private final boolean namespaces;
    private final String unavailableReason;
    private final Set<String> partitioned = new HashSet<>();

    private ChaosNetwork(boolean namespaces, String unavailableReason) {
        this.namespaces = namespaces;
        this.unavailableReason = unavailableReason;
    }

    /** Namespaces for {@code members} if this machine can make them, else loopback (see {@link #unavailableReason()}). */
    static ChaosNetwork create(List<String> members) throws InterruptedException {
        removeLeftovers();
        ChaosNetwork network = new ChaosNetwork(true, "");
        try {
            network.build(members);
            return network;
        } catch (IOException e) {
            network.close();
            return loopback(members, "network namespaces unavailable: " + e.getMessage());
        }
    }

    static ChaosNetwork loopback(List<String> members, String reason) {
        ChaosNetwork network = new ChaosNetwork(false, reason);
        members.forEach(m -> network.hosts.put(m, "127.0.0.1"));
        return network;
    }

    boolean partitionsPossible() {
        return namespaces;
    }

    /** Why there are no namespaces; empty when there are. */
    String unavailableReason() {
        return unavailableReason;
    }

    /** The address a member binds and is reached at. */
    String host(String member) {
        return hosts.get(member);
    }

    /** What to put before a member's command so that it runs in the member's namespace. */
    List<String> launcher(String member) {
        return namespaces ? List.of("ip", "netns", "exec", PREFIX + member) : List.of();
    }

    /** Cuts {@code minority} off from everyone else (and the orchestrator); a previous partition is healed first. */
    synchronized void partition(Collection<String> minority) throws IOException, InterruptedException {
        heal();
        for (String member : minority) {
            ip("link", "set", PREFIX + member, "master", MINORITY_BRIDGE);
            partitioned.add(member);
        }
    }

    synchronized void heal() throws IOException, InterruptedException {
        for (String member : List.copyOf(partitioned)) {
            ip("link", "set", PREFIX + member, "master", MAJORITY_BRIDGE);
            partitioned.remove(member);
        }
    }

    private void build(List<String> members) throws IOException, InterruptedException {
        for (String bridge : List.of(MAJORITY_BRIDGE, MINORITY_BRIDGE)) {
            // no forward delay: a port moved back onto the bridge must forward at once, not after 15 s
            ip("link", "add", bridge, "type", "bridge", "forward_delay", "0");
            ip("link", "set", bridge, "up");
        }
        ip("addr", "add", SUBNET + ".1/24", "dev", MAJORITY_BRIDGE);
        int next = 10;
        for (String member : members) {
            String ns = PREFIX + member;
            String host = SUBNET + "." + next++;
            ip("netns", "add", ns);
            ip("link", "add", ns, "type", "veth", "peer", "name", "eth0", "netns", ns);
            ip("link", "set", ns, "master", MAJORITY_BRIDGE);
            ip("link", "set", ns, "up");
            ip("-n", ns, "addr", "add", host + "/24", "dev", "eth0");
            ip("-n", ns, "link", "set", "eth0", "up");
            ip("-n", ns, "link", "set", "lo", "up");
            hosts.put(member, host);
        }
    }

    /** Deletes every namespace and bridge of this (or an earlier, crashed) run. */
    @Override
    public void close() throws InterruptedException {
        if (namespaces) {
            removeLeftovers();
        }
    }

    private static void removeLeftovers() throws InterruptedException {
        try {
            for (String ns : output("ip", "netns", "list")) {
                String name = ns.split(" ")[0];
                if (name.startsWith(PREFIX)) {
                    run(List.of("ip", "netns", "del", name)); // takes its end of the veth, and so the pair, with it
                }
            }
            for (String bridge : List.of(MAJORITY_BRIDGE, MINORITY_BRIDGE)) {
                run(List.of("ip", "link", "del", bridge));
            }
        } catch (IOException e) {
            // no iproute2 at all: nothing was made either
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Result result = run(command);
        if (result.exit() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.exit() + ": "
                    + result.output().trim());
        }
    }

    private static List<String> output(String... command) throws IOException, InterruptedException {
        return run(List.of(command)).output().lines().toList();
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 10 s");
        }
        return new Result(process.exitValue(), output);
    }
}
