package dev.workcluster.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A separate JVM running one of our main classes on the test classpath: real process, real signals. */
final class JavaProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    private JavaProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<stdout closed: " + e.getMessage() + ">");
            }
        }, "stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static JavaProcess start(Path logDir, String name, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new JavaProcess(process, log);
    }

    /** Waits for a stdout line; on timeout the error carries the process's log. */
    String awaitLine(Predicate<String> wanted, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).until(() -> lines.stream().anyMatch(wanted) || !process.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no such line within " + timeout + "; stdout " + lines + "\n" + logTail(), e);
        }
        return lines.stream().filter(wanted).findFirst()
                .orElseThrow(() -> new AssertionError("process exited; stdout " + lines + "\n" + logTail()));
    }

    List<String> lines() {
        return lines;
    }

    /** SIGKILL: no shutdown hook runs, sockets are closed by the kernel. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP to all of them in one {@code kill} call: they freeze together, their sockets stay open. */
    static void pause(List<JavaProcess> processes) throws IOException, InterruptedException {
        signal("STOP", processes);
        processes.forEach(p -> p.stopped = true);
    }

    /** SIGCONT to all of them in one {@code kill} call, so none gets a head start. */
    static void resume(List<JavaProcess> processes) throws IOException, InterruptedException {
        signal("CONT", processes);
        processes.forEach(p -> p.stopped = false);
    }

    private static void signal(String signal, List<JavaProcess> processes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.process.pid())));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** SIGTERM, then wait for the process to end by itself. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running " + timeout + " after SIGTERM\n" + logTail());
        }
        return process.exitValue();
    }

    /** Everything the process wrote to stderr (its log) so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "<no log: " + e.getMessage() + ">";
        }
    }

    String logTail() {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "<no log: " + e.getMessage() + ">";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (stopped && process.isAlive()) {
            try {
                resume(List.of(this)); // SIGKILL ends a stopped process too; resuming first leaves nothing frozen
            } catch (IOException | AssertionError e) {
                lines.add("<could not resume before kill: " + e.getMessage() + ">");
            }
        }
        if (process.isAlive()) {
            kill();
        }
    }
}
