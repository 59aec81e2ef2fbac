package dev.workcluster.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An outside program (ip, podman, bash, groff, bin/workcluster) run to its end with a deadline, its
 * stdout and stderr kept apart. Output goes to files rather than pipes, so a program that writes
 * more than a pipe holds cannot block, and one that never ends is killed at the deadline.
 *
 * <pre>{@code
 * Program.Run run = Program.of("bash", "-n", script.toString()).run();
 * assertThat(run.exit()).as(run.output()).isZero();
 * }</pre>
 */
public final class Program {
    /** How a run ended: its exit status and what it wrote. */
    public record Run(int exit, String stdout, String stderr) {
        /** stdout then stderr, for a failure message. */
        public String output() {
            return stdout + stderr;
        }

        /** This run, or an exception with its output if it exited with anything but 0. */
        public Run requireSuccess(List<String> command) throws IOException {
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit + ": " + output().trim());
            }
            return this;
        }
    }

    private final List<String> command;
    private final Map<String, String> environment = new HashMap<>();
    private Path directory;
    private Duration timeout = Duration.ofSeconds(60);

    private Program(List<String> command) {
        this.command = List.copyOf(command);
    }

    public static Program of(String... command) {
        return new Program(List.of(command));
    }

    public static Program of(List<String> command) {
        return new Program(command);
    }

    public Program in(Path newDirectory) {
        this.directory = newDirectory;
        return this;
    }

    /** Adds a variable to the environment it inherits from this JVM. */
    public Program withEnv(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Program withTimeout(Duration newTimeout) {
        this.timeout = newTimeout;
        return this;
    }

    public List<String> command() {
        return command;
    }

    /** Runs it to its end, or kills it at the deadline and says so. */
    public Run run() throws IOException, InterruptedException {
        Path out = Files.createTempFile("program", ".out");
        Path err = Files.createTempFile("program", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
