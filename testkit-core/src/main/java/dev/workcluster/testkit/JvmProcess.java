package dev.workcluster.testkit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A main class of this JVM's class path in a JVM of its own: a real process with its own CPU and heap,
 * stopped, frozen and killed by real signals. Its stdout is read line by line on a thread of its own
 * (kept, and handed to a listener); its stderr, where a node or worker logs, is appended to a file.
 *
 * <pre>{@code
 * try (JvmProcess worker = JvmProcess.start(JvmLaunch.of(WorkerMain.class.getName(), "w1"), dir.resolve("w1.log"))) {
 *     worker.awaitLine(line -> line.startsWith("started"), Duration.ofSeconds(30));
 *     JvmProcess.pause(List.of(worker));
 * }
 * }</pre>
 */
public final class JvmProcess implements AutoCloseable {
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final OutputLines stdout;
    private volatile boolean paused;

    private JvmProcess(Process process, Path log, Consumer<String> listener) {
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stdout = new OutputLines(process.getInputStream(), "stdout-" + process.pid(), listener);
    }

    /** Starts {@code launch}; stderr is appended to {@code log}, so a restarted process keeps one log. */
    public static JvmProcess start(JvmLaunch launch, Path log) throws IOException {
        return start(launch, log, line -> {});
    }

    /** The same, handing each stdout line to {@code listener} (on the reading thread) as well as keeping it. */
    public static JvmProcess start(JvmLaunch launch, Path log, Consumer<String> listener) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(launch.command())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new JvmProcess(process, log, listener);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time the process used so far (all threads, user and system), or null where the OS does not say. */
    public Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(null);
    }

    /** Every stdout line so far. */
    public List<String> lines() {
        return stdout.all();
    }

    /** Waits for a stdout line; fails with the process's stdout and log if none comes in time or stdout ends. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return stdout.await(wanted, timeout, () -> logTail(40));
    }

    /** Writes one line to the process's stdin. */
    public synchronized void writeLine(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** SIGKILL: no shutdown hook runs, the kernel closes the sockets. Returns the exit status once it is gone. */
    public int kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux and macOS
        if (!process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("process " + pid() + " still alive " + KILL_TIMEOUT + " after SIGKILL");
        }
        return process.exitValue();
    }

    /** SIGTERM, without waiting: the process's shutdown hooks stop it. */
    public void signalStop() {
        process.destroy();
    }

    /** SIGTERM, then waits for the process to end by itself; returns its exit status. */
    public int terminate(Duration timeout) throws InterruptedException {
        signalStop();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(
                    "process " + pid() + " still running " + timeout + " after SIGTERM\n" + logTail(40));
        }
        return process.exitValue();
    }

    /** SIGSTOP to all of them in one {@code kill} call: they freeze together, their sockets stay open. */
    public static void pause(List<JvmProcess> processes) throws IOException, InterruptedException {
        Signals.send("STOP", processes.stream().map(JvmProcess::pid).toList());
        processes.forEach(p -> p.paused = true);
    }

    /** SIGCONT to all of them in one {@code kill} call, so none gets a head start. */
    public static void resume(List<JvmProcess> processes) throws IOException, InterruptedException {
        Signals.send("CONT", processes.stream().map(JvmProcess::pid).toList());
        processes.forEach(p -> p.paused = false);
    }

    /** Everything the process wrote to stderr so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "<no log: " + e.getMessage() + ">";
        }
    }

    /** The last {@code count} lines of the log, for error messages. */
    public String logTail(int count) {
        List<String> all = log().lines().toList();
        return "log " + log.getFileName() + ":\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** SIGKILL if it still runs (resumed first if paused, so nothing stays frozen). */
    @Override
    public void close() throws InterruptedException {
        if (paused && process.isAlive()) {
            try {
                resume(List.of(this));
            } catch (IOException | IllegalStateException e) {
                stdout.add("<could not resume before kill: " + e.getMessage() + ">");
            }
        }
        if (process.isAlive()) {
            kill();
        }
    }
}
