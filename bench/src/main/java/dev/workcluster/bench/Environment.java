package dev.workcluster.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Where and how a bench ran, at the top of every report. */
final class Environment {
    private Environment() {
    }

    static BenchReport header(BenchReport report, BenchOptions options) {
        return report.put("quick", options.quick())
                .put("started_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
}
