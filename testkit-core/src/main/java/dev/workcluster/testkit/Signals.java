package dev.workcluster.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Signals by name to processes by pid, through {@code kill}: Java's Process API sends only TERM and KILL. */
final class Signals {
    private Signals() {}

    /** {@code kill -SIGNAL PID...} in one call, so every process gets it at the same moment. */
    static void send(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
