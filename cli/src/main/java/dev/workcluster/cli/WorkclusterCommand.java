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
                dev.workcluster.cli.ops.WatchCommand.class, dev.workcluster.cli.demo.DemoCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class WorkclusterCommand {
}
