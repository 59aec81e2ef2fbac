package dev.workcluster.cli.ops;

import dev.workcluster.cli.watch.Interrupts;
import dev.workcluster.cli.watch.JsonOutput;
import dev.workcluster.cli.watch.LinesOutput;
import dev.workcluster.cli.watch.LiveOutput;
import dev.workcluster.cli.watch.WatchLines;
import dev.workcluster.cli.watch.WatchLoop;
import dev.workcluster.cli.watch.WatchNodes;
import dev.workcluster.cli.watch.WatchOutput;
import dev.workcluster.cli.watch.WatchView;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code workcluster watch}: members and tasks as they change. On a terminal a view
 * redrawn in place; otherwise one line per event; with {@code -o json} one
 * WatchTasksResponse object per line. Runs until Ctrl-C (exit 0) or {@code --count}.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Watch members and tasks change, live.",
            "On a terminal the view is redrawn in place; otherwise (or with --no-live) one line per event; "
                    + "with -o json one WatchTasksResponse object per line. The current members and tasks come "
                    + "first, then every change. Reconnects by itself if the leader goes away; Ctrl-C stops."
        })
public final class WatchCommand extends ClusterCommand {
    @Option(
            names = "--status",
            paramLabel = "pending|running|completed|error|cancelled",
            converter = TaskStatusConverter.class,
            description = "Only task events in this status; repeat for several (members are always shown).")
    List<TaskStatus> statuses;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "0",
            description = "Exit 0 once N changes have been shown (changes: what follows the current state), "
                    + "for scripts; 0 = run until Ctrl-C.")
    long count;

    @Option(
            names = "--live",
            negatable = true,
            description = "Redraw a live view in place (--live) or print one line per event (--no-live); "
                    + "default: live when output is a terminal.")
    Boolean live;

    @Override
    int run(WorkClient client, PrintWriter out) {
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "--count must be 0 or more, got " + count);
        }
        if (json() && Boolean.TRUE.equals(live)) {
            throw new ParameterException(
                    spec.commandLine(), "--live draws for people; it cannot be combined with -o json");
        }
        Set<TaskStatus> filter = statuses == null || statuses.isEmpty() ? Set.of() : EnumSet.copyOf(statuses);
        WatchLoop loop = new WatchLoop(
                new WatchNodes(client, connection.leaders(), connection.timeout()), output(out, filter), filter, count);
        try (Interrupts ignored = Interrupts.onCtrlC(loop::stop)) {
            loop.run();
        }
        return 0;
    }

    private WatchOutput output(PrintWriter out, Set<TaskStatus> filter) {
        WatchLines lines = new WatchLines(ZoneId.systemDefault());
        if (json()) {
            return new JsonOutput(out, spec.commandLine().getErr());
        }
        if (live != null ? live : onTerminal()) {
            return LiveOutput.onTerminal(out, new WatchView("workcluster watch", "Ctrl-C to stop", filter, lines));
        }
        return new LinesOutput(out, lines);
    }

    /** Interactive use: both ends of the console are a terminal (Java 17's System.console()). */
    public static boolean onTerminal() {
        return System.console() != null;
    }
}
