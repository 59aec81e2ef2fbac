package dev.workcluster.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top-level command; each verb is a subcommand class ({@link Verbs}), added by {@link Main}, with
 * {@code bench} and {@code help} last, since the bench's jar has a {@code bench} of its own.
 */
@Command(
        name = "workcluster",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A fault-tolerant work scheduler for a cluster of workers.")
public final class WorkclusterCommand {
    /** Inherited: every subcommand takes it too; {@link Main} applies it before the command runs. */
    @Option(
            names = LogFormat.OPTION,
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            completionCandidates = LogFormat.Names.class,
            defaultValue = "${env:WORKCLUSTER_LOG_FORMAT:-text}",
            description = "Log lines on stderr as key=value text or one JSON object per line: text or json "
                    + "(env WORKCLUSTER_LOG_FORMAT; default text).")
    LogFormat logFormat;
}
