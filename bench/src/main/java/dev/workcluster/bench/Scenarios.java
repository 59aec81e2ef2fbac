package dev.workcluster.bench;

import dev.workcluster.testkit.LeaderNodeMain;
import dev.workcluster.testkit.QuietLogs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The known scenarios by name, and running one: quiet logs, print the table, write the JSON. */
public final class Scenarios {
    private static final Map<String, Scenario> ALL = new LinkedHashMap<>();

    static {
        for (Scenario scenario : List.of(
                new ThroughputScenario(),
                new LatencyScenario(),
                new PushScenario(),
                new HeartbeatsScenario(),
                new FailoverScenario(),
                new MemoryScenario(),
                new ClusterScenario(),
                new CliStartupScenario(),
                new dev.workcluster.bench.chaos.ChaosScenario())) {
            ALL.put(scenario.name(), scenario);
        }
    }

    private Scenarios() {}

    public static Map<String, Scenario> all() {
        return java.util.Collections.unmodifiableMap(ALL);
    }

    /** The scenarios that can drive a running cluster instead of their own, in registration order. */
    public static List<String> drivingRunningClusters() {
        return ALL.values().stream()
                .filter(Scenario::drivesRunningCluster)
                .map(Scenario::name)
                .toList();
    }

    /** Runs the named scenario, prints its table to {@code out} and writes {@code resultsDir/NAME.json}. */
    public static BenchReport run(String name, BenchOptions options, Path resultsDir, PrintStream out)
            throws Exception {
        Scenario scenario = ALL.get(name);
        if (scenario == null) {
            throw new IllegalArgumentException(
                    "unknown scenario '" + name + "'; known: " + String.join(", ", ALL.keySet()));
        }
        if (options.external() && !scenario.drivesRunningCluster()) {
            throw new IllegalArgumentException(
                    "--leader is for " + String.join(" and ", drivingRunningClusters()) + " only, not " + name);
        }
        out.printf(
                "bench %s%s%s: running (2-core machines give noisy figures) ...%n",
                name,
                options.quick() ? " --quick" : "",
                options.external() ? " against the cluster at " + String.join(",", options.leaders()) : "");
        BenchReport report;
        // Verbose keeps the INFO log of the workers and clients in this JVM (on stderr), as the nodes keep theirs.
        try (QuietLogs quiet = Boolean.getBoolean(LeaderNodeMain.VERBOSE_PROPERTY)
                ? QuietLogs.silentUnless(true)
                : QuietLogs.errorsOnly()) {
            report = Environment.footer(scenario.run(options));
        }
        Path file = report.write(resultsDir);
        out.print(report.table());
        out.println("written: " + file);
        return report;
    }
}
