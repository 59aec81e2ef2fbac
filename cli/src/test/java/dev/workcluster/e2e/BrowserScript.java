package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js script run as a child process that reports its progress one line at a time on stdout
 * and takes answers on stdin. {@link #close()} stops it, and the browser it started, also when a
 * step failed.
 */
final class BrowserScript implements AutoCloseable {
    private static final long STEP_SECONDS = 60;
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private BrowserScript(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "browser-script-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static void requireNode() throws InterruptedException {
        try {
            Process node = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
                fail("node --version failed");
            }
        } catch (IOException e) {
            fail("Node.js is not installed, and the browser test runs Playwright with it: install it"
                    + " (apt-get install nodejs npm, as .ci/run does): " + e.getMessage());
        }
    }

    /** {@code npm ci} from the committed lock file, once: nothing is installed when node_modules exists. */
    static void installOnce(Path dir) throws IOException, InterruptedException {
        if (Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            return;
        }
        ProcessBuilder npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("../../../target/npm-ci.log").toFile());
        npm.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process process = npm.start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                fail("npm ci in " + dir + " failed; see cli/target/npm-ci.log");
            }
        } finally {
            process.destroyForcibly();
        }
    }

    static BrowserScript start(Path dir, String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new BrowserScript(process);
    }

    private void read() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                System.out.println("browser: " + line); // the steps and measures, in the test's output
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("FAIL reading the script's output: " + e);
        }
        lines.add(END);
    }

    /** Waits for the step's line; fails on a FAIL line, an early exit or after a minute. */
    void expect(String step) throws InterruptedException {
        while (true) {
            String line = lines.poll(STEP_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                fail("no " + step + " from the browser within " + STEP_SECONDS + " s; it said " + seen);
            }
            if (line.equals(END)) {
                fail("the browser script ended before " + step + "; it said " + seen);
            }
            seen.add(line);
            if (line.startsWith("FAIL")) {
                fail("the browser failed before " + step + ": " + line + "; it said " + seen);
            }
            if (line.equals(step)) {
                return;
            }
        }
    }

    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    int exitCode() throws InterruptedException {
        if (!process.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
            fail("the browser script did not exit");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
