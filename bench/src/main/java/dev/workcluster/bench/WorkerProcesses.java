package dev.workcluster.bench;

import dev.workcluster.cli.Main;
import dev.workcluster.testkit.JvmLaunch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code workcluster worker} processes: the CLI's worker command as an operator runs it, each in a JVM
 * of its own on this JVM's class path (the bench depends on the CLI, so it holds the command). Output
 * goes to {@code dir/ID.log}. Workers hold nothing worth a graceful stop once a run is over, so
 * {@link #close()} kills them; a shutdown hook does the same if this JVM is stopped (Ctrl-C) before that.
 */
final class WorkerProcesses implements AutoCloseable {
    /** Small heaps and a single-threaded collector: the leader is what is measured, the workers share its cores. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");
    /** The seed's variables the worker command reads; ours all start with WORKCLUSTER_. */
    private static final List<String> SEED_VARIABLES =
            List.of("LEADER_ADDR", "SCHEDULER_ADDR", "WORKER_NAME", "WORKER_PORT", "LOCAL_ADDR");

    private static final int LOG_TAIL_LINES = 20;

    private final Path dir;
    private final Map<String, Process> workers = new LinkedHashMap<>();
    private final Thread killOnExit = new Thread(this::kill, "kill-bench-workers");

    private WorkerProcesses(Path dir) {
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code count} workers w1..wN with {@code slots} slots each and the built-in sleep handler
     * (payload {@code sleep 0s} returns at once), on the session stream, pointed at {@code leaders}.
     */
    static WorkerProcesses start(Path dir, int count, int slots, List<String> leaders) throws IOException {
        Files.createDirectories(dir);
        WorkerProcesses processes = new WorkerProcesses(dir);
        try {
            for (int i = 1; i <= count; i++) {
                processes.startWorker("w" + i, slots, leaders);
            }
            return processes;
        } catch (IOException | RuntimeException e) {
            processes.close();
            throw e;
        }
    }

    private void startWorker(String id, int slots, List<String> leaders) throws IOException {
        List<String> command = JvmLaunch.of(
                        Main.class.getName(),
                        "worker",
                        "--leader",
                        String.join(",", leaders),
                        "--id",
                        id,
                        "--slots",
                        Integer.toString(slots),
                        "--transport",
                        "stream",
                        "--handler",
                        "sleep")
                .withJvmOptions(JVM_OPTIONS)
                .command();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(id + ".log").toFile());
        // the worker's other settings come from the environment; the bench's must not depend on the caller's
        builder.environment().keySet().removeIf(k -> k.startsWith("WORKCLUSTER_") || SEED_VARIABLES.contains(k));
        workers.put(id, builder.start());
    }

    /** Throws, naming the worker and showing the end of its log, if any worker has exited. */
    void checkAlive() {
        workers.forEach((id, process) -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "worker " + id + " exited with " + process.exitValue() + "\n" + logTail(id));
            }
        });
    }

    /** The end of every worker's log, for error messages. */
    String diagnostics() {
        StringBuilder out = new StringBuilder();
        workers.keySet().forEach(id -> out.append(logTail(id)).append('\n'));
        return out.toString();
    }

    private String logTail(String id) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(id + ".log"));
            return "log of worker " + id + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "<no log of worker " + id + ": " + e.getMessage() + ">";
        }
    }

    private void kill() {
        workers.values().forEach(Process::destroyForcibly); // all at once, then wait
        for (Process process : workers.values()) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it kills them again, which is harmless
        }
    }
}
