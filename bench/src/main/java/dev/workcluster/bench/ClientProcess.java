package dev.workcluster.bench;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.workcluster.testkit.JvmLaunch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ClusterClientMain} in a JVM of its own, on this JVM's class path: an outside client with
 * its own CPU and its own gRPC stack. Commands go to its stdin, one answer line comes back for each;
 * its stderr goes to {@code dir/NAME.log}. Closing kills it.
 */
final class ClientProcess implements AutoCloseable {
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");
    private static final String ENDED = "ended: stdout closed";

    private final String name;
    private final Process process;
    private final Path log;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private ClientProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "client-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the client of the nodes at {@code addresses} (the first is submitted to first). */
    static ClientProcess start(Path dir, String name, List<String> addresses) throws IOException {
        List<String> command = JvmLaunch.of(ClusterClientMain.class.getName(), String.join(",", addresses))
                .withJvmOptions(JVM_OPTIONS)
                .command();
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        return new ClientProcess(
                name, new ProcessBuilder(command).redirectError(log.toFile()).start(), log);
    }

    /** Waits until the client has connected. */
    void awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        String line = next(timeout);
        if (!line.equals("ready")) {
            throw new IllegalStateException("client " + name + " said '" + line + "' instead of ready\n" + logTail());
        }
    }

    /** Sends one command and returns its figures; throws with the client's message if it failed. */
    Map<String, Object> run(String command, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        commands.write(command + "\n");
        commands.flush();
        String line = next(timeout);
        if (!line.startsWith("result: ")) {
            throw new IllegalStateException("client " + name + " failed '" + command + "': " + line + "\n" + logTail());
        }
        return new Gson()
                .fromJson(line.substring("result: ".length()), new TypeToken<Map<String, Object>>() {}.getType());
    }

    private String next(Duration timeout) throws InterruptedException, TimeoutException {
        String line = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new TimeoutException("client " + name + " did not answer within " + timeout + "\n" + logTail());
        }
        return line;
    }

    private void readAnswers() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                answers.add(line);
            }
        } catch (IOException e) {
            answers.add(ENDED + " (" + e.getMessage() + ")");
            return;
        }
        answers.add(ENDED);
    }

    private String logTail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return "log of client " + name + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "<no log of client " + name + ": " + e.getMessage() + ">";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
