package dev.workcluster.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Where and how a bench ran, at the top of every report. */
public final class Environment {
    private Environment() {}

    public static BenchReport header(BenchReport report, BenchOptions options) {
        return report.put("quick", options.quick())
                .put("started_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
                .put("load_average_at_start", loadAverage());
    }

    /** Closes a finished report: the load average again, since other work may have come or gone meanwhile. */
    static BenchReport footer(BenchReport report) {
        return report.put("load_average_at_end", loadAverage());
    }

    /** The machine's 1-minute load average (runnable processes; other work disturbs the figures), -1 if unknown. */
    private static double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? -1 : Math.round(load * 100) / 100.0;
    }
}
