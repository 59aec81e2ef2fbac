package dev.workcluster.cli.demo;

import dev.workcluster.cli.ops.WatchCommand;
import dev.workcluster.testkit.QuietLogs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code workcluster demo}: a whole cluster in one process, a batch of work, and a report. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run a cluster in this process on a mix of tasks, show it live, report, and clean up.",
            "Starts a leader and 3 workers in this process, schedules tasks of all three priorities (a few fail "
                    + "once and are retried, one is cancelled while it runs), shows the progress live, prints a "
                    + "summary, and stops everything again. Needs nothing running beforehand; uses free loopback "
                    + "ports and a temporary directory. Exits 0 when every task ended as planned, 1 otherwise."
        })
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--tasks",
            paramLabel = "N",
            defaultValue = "30",
            description = "How many tasks to schedule, 3-1000 (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(
            names = "--live",
            negatable = true,
            description = "Show progress as a view redrawn in place (--live) or one line per event (--no-live); "
                    + "default: live when output is a terminal.")
    Boolean live;

    @Option(names = "--verbose", description = "Also show the embedded leader's and workers' logs (on stderr).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (tasks < 3 || tasks > 1000) {
            throw new ParameterException(spec.commandLine(), "--tasks must be between 3 and 1000, got " + tasks);
        }
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        DemoPlan plan = DemoPlan.of(tasks);
        out.printf(
                "workcluster demo: a leader and %d workers (%d slots each), all in this process%n",
                DemoCluster.WORKERS, DemoCluster.SLOTS);
        out.printf(
                "%d tasks of three priorities: %d flaky (they fail once and are retried), 1 long one that gets "
                        + "cancelled while it runs%n",
                plan.size(), plan.count(DemoPlan.Expect.RETRIED_THEN_COMPLETED));
        out.flush();
        try (QuietLogs quiet = QuietLogs.silentUnless(verbose)) {
            boolean liveView = live != null ? live : WatchCommand.onTerminal();
            DemoSummary summary = new DemoRun(plan, out, liveView).run(started);
            summary.print(out);
            return summary.ok() ? 0 : 1;
        }
    }
}
