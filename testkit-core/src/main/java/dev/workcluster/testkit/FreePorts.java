package dev.workcluster.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for servers whose port must be known before they start, such as the Raft ports
 * of a group whose peers name each other.
 *
 * <p>Asking the kernel for port 0 hands out a port from the ephemeral range, where any outgoing connection
 * may take it as its local port before the server gets to bind it ("Address already in use" in a node
 * started a second later). So ports come from below Linux's default ephemeral range, and this JVM never
 * hands out the same one twice.
 *
 * <pre>{@code
 * int raftPort = FreePorts.next();
 * }</pre>
 */
public final class FreePorts {
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;
    private static final int TRIES = 1_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A port no one listens on now, and that this JVM has not handed out before. */
    public static int next() {
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no free loopback port between " + LOWEST + " and " + HIGHEST + " after " + TRIES + " tries");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
