package dev.workcluster.leader.testing;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.testkit.FreePorts;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A leader node in a separate JVM ({@link LeaderMain}), so a test can SIGKILL it: no shutdown
 * hook, no close(), no flush gets to run. Its stderr (the node's log) goes to a file for debugging.
 */
public final class LeaderProcess implements AutoCloseable {
    /** Exit status of a process killed by SIGKILL (128 + 9). */
    public static final int SIGKILL_EXIT = 137;

    /** The node's three ports; a restarted node reuses them. */
    public record Ports(int cluster, int scheduler, int raft) {
        public static Ports free() {
            return new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next());
        }
    }

    private final Process process;
    private final Path stderr;
    private final Ports ports;
    private final ManagedChannel channel;

    private LeaderProcess(Process process, Path stderr, Ports ports) {
        this.process = process;
        this.stderr = stderr;
        this.ports = ports;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", ports.scheduler())
                .usePlaintext()
                .build();
    }

    /** Starts a node and returns once it printed READY; fails with its log if it exits or is late. */
    public static LeaderProcess start(
            Path dataDir,
            Ports ports,
            long snapshotEvery,
            Duration heartbeatTimeout,
            Path stderrFile,
            Duration readyTimeout)
            throws IOException, InterruptedException {
        Files.createDirectories(stderrFile.toAbsolutePath().getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                LeaderMain.class.getName(),
                dataDir.toAbsolutePath().toString(),
                Integer.toString(ports.cluster()),
                Integer.toString(ports.scheduler()),
                Integer.toString(ports.raft()),
                Long.toString(snapshotEvery),
                heartbeatTimeout.toString());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()))
                .start();
        CompletableFuture<Void> ready = watchStdout(process);
        try {
            ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    "leader process did not get ready (" + e.getMessage() + "); exit="
                            + (process.isAlive() ? "alive" : process.exitValue()) + "; log:\n" + tail(stderrFile),
                    e);
        }
        return new LeaderProcess(process, stderrFile, ports);
    }

    /** Reads stdout on its own thread (so the pipe never fills); completes on READY, fails on EOF before it. */
    private static CompletableFuture<Void> watchStdout(Process process) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            if (line.equals(LeaderMain.READY)) {
                                ready.complete(null);
                            }
                        }
                    } catch (IOException e) {
                        ready.completeExceptionally(e);
                    }
                    ready.completeExceptionally(new IllegalStateException("stdout closed before " + LeaderMain.READY));
                },
                "leader-process-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return ready;
    }

    public Ports ports() {
        return ports;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler() {
        return SchedulerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    public SchedulerServiceGrpc.SchedulerServiceFutureStub schedulerAsync() {
        return SchedulerServiceGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    public LeaderServiceGrpc.LeaderServiceBlockingStub cluster() {
        return LeaderServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** SIGKILL (destroyForcibly on Linux): the node gets no chance to flush or close. Returns the exit status. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("leader process " + process.pid() + " survived SIGKILL");
        }
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        return process.exitValue();
    }

    /** The node's log so far (its stderr), for failure messages. */
    public String log() {
        return tail(stderr);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        channel.shutdownNow();
    }
}
