package dev.workcluster.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One leader node in a JVM of its own, on this JVM's class path: {@link LeaderNodeMain} (every default
 * setting, and a control channel that reports the heap), or any entry point that prints a line
 * {@code ready: ...} once the node takes writes, such as {@code workcluster leader}. Its log (stderr)
 * goes to {@code NAME.log} in the given directory, appended across restarts.
 *
 * <pre>{@code
 * try (LeaderProcess node = LeaderProcess.start(dir, "n1", FreePorts.next(), FreePorts.next(), "", List.of())) {
 *     node.awaitReady(Duration.ofSeconds(60));
 *     long heldBytes = node.heap(Duration.ofSeconds(30)).afterGcBytes();
 * }
 * }</pre>
 */
public final class LeaderProcess implements AutoCloseable {
    /** How a JVM killed by signal 9 exits: 128 + 9. */
    public static final int SIGKILL_EXIT_CODE = 137;

    private static final String READY = "ready: ";
    private static final int OUTPUT_TAIL_LINES = 30;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final BlockingQueue<HeapUsage> heapReplies = new LinkedBlockingQueue<>();
    private JvmProcess process;

    private LeaderProcess(String name) {
        this.name = name;
    }

    /**
     * Starts a {@link LeaderNodeMain} node; its Raft data goes to {@code dir/NODE_ID}.
     *
     * @param peers      {@code id=host:port,...} of the whole Raft group, or empty for a group of one
     * @param jvmOptions such as {@code -Xmx512m}
     */
    public static LeaderProcess start(
            Path dir, String nodeId, int clusterPort, int raftPort, String peers, List<String> jvmOptions)
            throws IOException {
        return start(List.of(), dir, nodeId, clusterPort, raftPort, peers, jvmOptions);
    }

    /** The same, with {@code launcher} before the command (such as {@code ip netns exec NS}). */
    public static LeaderProcess start(
            List<String> launcher,
            Path dir,
            String nodeId,
            int clusterPort,
            int raftPort,
            String peers,
            List<String> jvmOptions)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(
                nodeId, dir.resolve(nodeId).toString(), Integer.toString(clusterPort), Integer.toString(raftPort)));
        if (!peers.isEmpty()) {
            args.add(peers);
        }
        return start(
                dir,
                nodeId,
                JvmLaunch.of(LeaderNodeMain.class.getName(), args)
                        .withJvmOptions(jvmOptions)
                        .withLauncher(launcher));
    }

    /** Starts another entry point of a node, such as the CLI's {@code leader} command; its log is {@code dir/NAME.log}. */
    public static LeaderProcess start(Path dir, String name, JvmLaunch launch) throws IOException {
        LeaderProcess node = new LeaderProcess(name);
        node.process = JvmProcess.start(launch, dir.resolve(name + ".log"), node::read);
        return node;
    }

    private void read(String line) {
        if (HeapUsage.isLine(line)) {
            heapReplies.add(HeapUsage.parse(line));
        }
    }

    /** The node's id for a {@link LeaderNodeMain} node, else the name given at start; its log is NAME.log. */
    public String name() {
        return name;
    }

    /** The node's JVM, for signals and its log. */
    public JvmProcess process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the node takes writes (or forwards them to the Raft leader); returns the rest of its ready
     * line. Fails at once, with the node's output and log, if the node ends first.
     */
    public String awaitReady(Duration timeout) throws InterruptedException {
        try {
            return process.awaitLine(line -> line.startsWith(READY), timeout).substring(READY.length());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("leader " + name + " not ready: " + e.getMessage(), e);
        }
    }

    /** Asks a {@link LeaderNodeMain} node for its heap; it runs a full collection first, so this takes a moment. */
    public synchronized HeapUsage heap(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        heapReplies.clear();
        process.writeLine("heap");
        HeapUsage reply = heapReplies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new TimeoutException("leader " + name + " did not report its heap within " + timeout);
        }
        return reply;
    }

    /** CPU time the process used so far, or null where the OS does not say. */
    public Duration cpu() {
        return process.cpu();
    }

    /** kill -9: no shutdown hook runs. Returns once the process is gone, having checked it died of SIGKILL. */
    public void kill() throws InterruptedException {
        int exit = process.kill();
        if (exit != SIGKILL_EXIT_CODE) {
            throw new IllegalStateException("leader " + name + " exited with " + exit + ", not by SIGKILL ("
                    + SIGKILL_EXIT_CODE + ")\n" + diagnostics());
        }
    }

    /** SIGTERM, without waiting: the node's shutdown hook stops it. */
    public void signalStop() {
        process.signalStop();
    }

    /** Stops the node with SIGTERM, or SIGKILL if it is still there after a while (resumed first if paused). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                process.terminate(STOP_TIMEOUT);
            } catch (IllegalStateException stillRunning) {
                process.close();
            }
        }
    }

    /** The end of the node's stdout and of its log, for error messages. */
    public String diagnostics() {
        List<String> lines = process.lines();
        return "stdout of " + name + ": " + lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size())
                + "\n" + process.logTail(OUTPUT_TAIL_LINES);
    }
}
