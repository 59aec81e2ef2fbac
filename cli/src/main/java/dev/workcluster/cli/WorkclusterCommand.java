package dev.workcluster.cli;

import dev.workcluster.cli.ops.MembersCommand;
import dev.workcluster.cli.ops.TasksCommand;
import picocli.CommandLine.Command;

/** The top-level command; each verb is a subcommand class. */
@Command(name = "workcluster",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A fault-tolerant work scheduler for a cluster of workers.",
        subcommands = {LeaderCommand.class, WorkerCommand.class, MembersCommand.class, TasksCommand.class,
                dev.workcluster.cli.ops.TaskCommand.class, dev.workcluster.cli.ops.ScheduleCommand.class,
                dev.workcluster.cli.ops.CancelCommand.class, dev.workcluster.cli.ops.StatusCommand.class,
                dev.workcluster.cli.ops.HealthCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class WorkclusterCommand {
}
