package dev.workcluster.bench;

import dev.workcluster.testkit.Program;
import dev.workcluster.testkit.RepositoryFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How fast the CLI answers as a user runs it: {@code bin/workcluster} (with its start-up cache when a
 * JDK 25 is there) against a live leader in a process of its own, each command {@value #RUNS} times in
 * a row, wall time from fork to exit. The cache is made before the timed runs and its making reported
 * apart.
 */
public final class CliStartupScenario extends Scenario {
    static final int RUNS = 10;
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    public CliStartupScenario() {
        super(
                "cli",
                "bin/workcluster --help, members, tasks --limit 10 and schedule against one leader process, " + RUNS
                        + " runs each: median and slowest wall time (--quick: the same)");
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        BenchReport report = Environment.header(new BenchReport(name()), options);
        Path launcher = RepositoryFiles.resolve("bin/workcluster");
        try (LeaderGroup group = LeaderGroup.start("cli", 1, List.of())) {
            String leader = "--leader=" + group.addresses().get(0);
            long makeStart = System.nanoTime();
            Program.Run first = run(launcher, List.of("--version"));
            report.put("cache_made", first.stderr().contains("making the start-up cache"))
                    .put("first_run_s", Percentiles.round((System.nanoTime() - makeStart) / 1e9));
            List<List<String>> commands = List.of(
                    List.of("--help"),
                    List.of("members", leader),
                    List.of("tasks", leader, "--limit", "10"),
                    List.of("schedule", leader, "bench-cli-payload"));
            for (List<String> command : commands) {
                long[] millis = new long[RUNS];
                for (int i = 0; i < RUNS; i++) {
                    long start = System.nanoTime();
                    Program.Run run = run(launcher, command);
                    millis[i] = (System.nanoTime() - start) / 1_000_000;
                    if (run.exit() != 0) {
                        throw new IllegalStateException("workcluster " + String.join(" ", command) + " exited with "
                                + run.exit() + ": " + run.output().trim());
                    }
                }
                Arrays.sort(millis);
                String key = command.get(0).replace("--", "");
                report.put(key + "_median_ms", (millis[RUNS / 2 - 1] + millis[RUNS / 2]) / 2)
                        .put(key + "_max_ms", millis[RUNS - 1]);
            }
        }
        return report;
    }

    private static Program.Run run(Path launcher, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(args);
        return Program.of(command)
                .withEnv("WORKCLUSTER_NO_BUILD", "1")
                .withTimeout(COMMAND_TIMEOUT)
                .run();
    }
}
