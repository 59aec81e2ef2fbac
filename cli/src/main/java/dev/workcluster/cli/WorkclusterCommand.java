package dev.workcluster.cli;

import dev.workcluster.cli.demo.DemoCommand;
import dev.workcluster.cli.ops.CancelCommand;
import dev.workcluster.cli.ops.HealthCommand;
import dev.workcluster.cli.ops.MembersCommand;
import dev.workcluster.cli.ops.ScheduleCommand;
import dev.workcluster.cli.ops.StatusCommand;
import dev.workcluster.cli.ops.TaskCommand;
import dev.workcluster.cli.ops.TasksCommand;
import dev.workcluster.cli.ops.WatchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top-level command; each verb is a subcommand class. {@code bench} and {@code help} come last,
 * added by {@link Main#newCommandLine(Object)}, since the bench's jar has a {@code bench} of its own.
 */
@Command(
        name = "workcluster",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A fault-tolerant work scheduler for a cluster of workers.",
        subcommands = {
            DemoCommand.class,
            LeaderCommand.class,
            WorkerCommand.class,
            MembersCommand.class,
            TasksCommand.class,
            TaskCommand.class,
            ScheduleCommand.class,
            CancelCommand.class,
            WatchCommand.class,
            StatusCommand.class,
            HealthCommand.class
        })
public final class WorkclusterCommand {
    /** Inherited: every subcommand takes it too; {@link Main} applies it before the command runs. */
    @Option(
            names = LogFormat.OPTION,
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:WORKCLUSTER_LOG_FORMAT:-text}",
            description = "Log lines on stderr as key=value text or one JSON object per line: text or json "
                    + "(env WORKCLUSTER_LOG_FORMAT; default text).")
    LogFormat logFormat;
}
