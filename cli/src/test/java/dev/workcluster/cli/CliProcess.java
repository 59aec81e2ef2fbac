package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.JvmLaunch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code workcluster} in a child JVM. Environment variables can only be set for a new
 * process, so configuration-resolution tests go through here; every variable the CLI reads
 * is removed from the child's environment first, so the build machine's cannot leak in.
 */
final class CliProcess {
    /** The seed's variable names; ours all start with WORKCLUSTER_. */
    static final List<String> SEED_VARIABLES = List.of(
            "LEADER_PORT",
            "RPC_PORT",
            "HEARTBEAT_TIMEOUT",
            "LEADER_ADDR",
            "SCHEDULER_ADDR",
            "WORKER_NAME",
            "WORKER_PORT",
            "LOCAL_ADDR");

    private CliProcess() {}

    /** A command line that runs the CLI's main class with the test classpath. */
    static List<String> javaCommand(String... args) {
        return JvmLaunch.of(Main.class.getName(), args).command();
    }

    /** A process builder for the CLI with only {@code env} of the CLI's variables set. */
    static ProcessBuilder builder(Map<String, String> env, List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(javaCommand(args.toArray(String[]::new)));
        builder.environment().keySet().removeIf(k -> k.startsWith("WORKCLUSTER_") || SEED_VARIABLES.contains(k));
        builder.environment().putAll(env);
        return builder;
    }

    /**
     * Runs {@code workcluster <verb> --print-config <flags>} and returns its output lines.
     * Fails the test unless it exits 0 within 30 s.
     */
    static List<String> printConfig(String verb, Map<String, String> env, String... flags)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(verb, "--print-config"));
        args.addAll(List.of(flags));
        Process process = builder(env, args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
