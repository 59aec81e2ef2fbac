package dev.workcluster.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One leader node ({@link LeaderNodeMain}) in a JVM of its own, on this JVM's class path:
 * a real process with its own CPU and heap, stopped by real signals. Its stderr goes to
 * {@code NODE_ID.log} in the group's directory.
 */
public final class LeaderProcess implements AutoCloseable {
    /** How a JVM killed by signal 9 exits: 128 + 9. */
    public static final int SIGKILL_EXIT_CODE = 137;
    private static final int OUTPUT_TAIL_LINES = 30;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String nodeId;
    private final Process process;
    private final Path log;
    private final Writer control;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final BlockingQueue<HeapUsage> heapReplies = new LinkedBlockingQueue<>();
    private final Deque<String> outputTail = new ArrayDeque<>();

    private LeaderProcess(String nodeId, Process process, Path log) {
        this.nodeId = nodeId;
        this.process = process;
        this.log = log;
        this.control = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "leader-" + nodeId + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the node; its Raft data goes to {@code dir/NODE_ID}.
     *
     * @param peers      {@code id=host:port,...} of the whole Raft group, or empty for a group of one
     * @param jvmOptions such as {@code -Xmx512m}
     */
    static LeaderProcess start(Path dir, String nodeId, int clusterPort, int raftPort, String peers,
                               List<String> jvmOptions) throws IOException {
        return start(List.of(), dir, nodeId, clusterPort, raftPort, peers, jvmOptions);
    }

    /**
     * The same, with {@code launcher} before the command (such as {@code ip netns exec NS}, which
     * execs: the process is the node's JVM itself, and signals reach it).
     */
    public static LeaderProcess start(List<String> launcher, Path dir, String nodeId, int clusterPort, int raftPort,
                                      String peers, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LeaderNodeMain.class.getName(), nodeId,
                dir.resolve(nodeId).toString(), Integer.toString(clusterPort), Integer.toString(raftPort)));
        if (!peers.isEmpty()) {
            command.add(peers);
        }
        Path log = dir.resolve(nodeId + ".log");
        // appended: a node restarted on the same data keeps one log across its lives
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new LeaderProcess(nodeId, process, log);
    }

    public String nodeId() {
        return nodeId;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the node takes writes (or forwards them to the Raft leader); returns its Raft role then. */
    public String awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage() + "\n" + diagnostics(), e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("leader " + nodeId + " not ready within " + timeout + "\n" + diagnostics());
        }
    }

    /** Asks the node for its heap; it runs a full collection first, so this takes a moment. */
    synchronized HeapUsage heap(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        heapReplies.clear();
        control.write("heap\n");
        control.flush();
        HeapUsage reply = heapReplies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new TimeoutException("leader " + nodeId + " did not report its heap within " + timeout);
        }
        return reply;
    }

    /** CPU time the process used so far, or null where the OS does not say. */
    Duration cpu() {
        return ProcessCpu.of(process.toHandle());
    }

    /** kill -9: no shutdown hook runs. Returns once the process is gone, having checked it died of SIGKILL. */
    public void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux and macOS
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("leader " + nodeId + " still alive 10 s after SIGKILL");
        }
        if (process.exitValue() != SIGKILL_EXIT_CODE) {
            throw new IllegalStateException("leader " + nodeId + " exited with " + process.exitValue()
                    + ", not by SIGKILL (" + SIGKILL_EXIT_CODE + ")\n" + diagnostics());
        }
    }

    /** SIGTERM, without waiting: the node's shutdown hook stops it. */
    void signalStop() {
        process.destroy();
    }

    /** Stops the node with SIGTERM, or SIGKILL if it is still there after a while. */
    @Override
    public void close() throws InterruptedException {
        signalStop();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("ready: ")) {
                    ready.complete(line.substring("ready: ".length()));
                } else if (HeapUsage.isLine(line)) {
                    heapReplies.add(HeapUsage.parse(line));
                } else {
                    remember(line);
                }
            }
        } catch (IOException e) {
            remember("<stdout closed: " + e.getMessage() + ">");
        }
        ready.completeExceptionally(new IllegalStateException("leader " + nodeId + " ended before it was ready"));
    }

    private synchronized void remember(String line) {
        if (outputTail.size() == OUTPUT_TAIL_LINES) {
            outputTail.removeFirst();
        }
        outputTail.addLast(line);
    }

    /** The end of the node's stdout and of its log, for error messages. */
    synchronized String diagnostics() {
        String logTail;
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            logTail = String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            logTail = "<no log: " + e.getMessage() + ">";
        }
        return "stdout of " + nodeId + ": " + outputTail + "\nlog of " + nodeId + ":\n" + logTail;
    }
}
