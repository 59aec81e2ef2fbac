package dev.workcluster.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single leader node in a process of its own (so its CPU and heap are its alone), on
 * free loopback ports, with its data and its log ({@code leader.err}) in a directory.
 */
final class LeaderProcess implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Process process;
    private final int clusterPort;

    private LeaderProcess(Process process, int clusterPort) {
        this.process = process;
        this.clusterPort = clusterPort;
    }

    /** Starts {@code workcluster leader} from this JVM's classpath with {@code extraArgs} added. */
    static LeaderProcess start(Path dir, String... extraArgs) throws IOException {
        int port = freeLoopbackPort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), "dev.workcluster.cli.Main", "leader",
                "--data-dir", dir.resolve("data").toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--rpc-port", Integer.toString(freeLoopbackPort()), "--raft-port", Integer.toString(freeLoopbackPort())));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("leader.err").toFile()).start();
        return new LeaderProcess(process, port);
    }

    int clusterPort() {
        return clusterPort;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits for the leader's "ready:" line, then keeps draining its stdout so it never blocks. */
    void awaitReady(Duration timeout) throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ready:")) {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new IllegalStateException(
                        "the leader process ended before it was ready (exit " + process.waitFor() + ")"));
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        }, "bench-leader-stdout");
        reader.setDaemon(true);
        reader.start();
        ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Used heap of the leader JVM via {@code jcmd PID GC.heap_info}; -1 when jcmd is not there or fails. */
    double heapUsedMb() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return -1;
            }
            return parseHeapUsedMb(out);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The used heap in MB from {@code jcmd PID GC.heap_info} output, or -1 when it has no "used NK". */
    static double parseHeapUsedMb(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        return m.find() ? Math.round(Long.parseLong(m.group(1)) / 1024.0 * 10) / 10.0 : -1;
    }

    /** SIGTERM (its shutdown hook closes the node), then SIGKILL if it does not end in time. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
