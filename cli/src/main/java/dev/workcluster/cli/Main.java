package dev.workcluster.cli;

import dev.workcluster.cli.client.LeaderUnreachableException;
import dev.workcluster.client.WorkClientException;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;

/**
 * Entry point of the {@code workcluster} command. Exit codes: 0 success; 1 the server
 * refused (its gRPC status is shown) or the command failed; 2 usage error or no leader
 * reachable within the timeout.
 */
public final class Main {
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE_OR_UNREACHABLE = 2;
    /**
     * Ratis' shaded gRPC logs through java.util.logging, not SLF4J; its start-up INFO lines
     * would land on stderr of every command. Held here so the level setting is not collected.
     */
    private static final java.util.logging.Logger RATIS_GRPC_LOG =
            java.util.logging.Logger.getLogger("org.apache.ratis.thirdparty.io.grpc");

    static {
        RATIS_GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private Main() {}

    public static void main(String[] args) {
        System.exit(newCommandLine(new BenchJarCommand(), args).execute(args));
    }

    /** The CLI's command line, whose {@code bench} says where the benchmarks are ({@link BenchJarCommand}). */
    public static CommandLine newCommandLine() {
        return newCommandLine(new BenchJarCommand());
    }

    /** The command line with {@code benchCommand} as {@code bench}: the bench's jar passes its real one. */
    public static CommandLine newCommandLine(Object benchCommand) {
        CommandLine top = new CommandLine(new WorkclusterCommand());
        Verbs.ALL.forEach(verb -> top.addSubcommand(verb.command().get()));
        top.addSubcommand("bench", benchCommand).addSubcommand("help", new CommandLine.HelpCommand());
        return configured(top);
    }

    /**
     * The command line that runs {@code args}: only the verb they name when they name one (see {@link Verbs}),
     * else all of them.
     */
    public static CommandLine newCommandLine(Object benchCommand, String[] args) {
        return Verbs.named(args)
                .map(verb -> configured(new CommandLine(new WorkclusterCommand())
                        .addSubcommand(verb.command().get())))
                .orElseGet(() -> newCommandLine(benchCommand));
    }

    /**
     * The commands a reference documents, in help order: {@code top}, then each of its verbs once, each
     * followed by its own verbs ({@code schedules create}, ...); no aliases, no {@code help}, none hidden.
     * The README's reference, the man pages and their tests use it.
     */
    public static java.util.List<CommandLine> documentedCommands(CommandLine top) {
        java.util.List<CommandLine> commands = new java.util.ArrayList<>();
        addDocumented(top, commands);
        return commands;
    }

    private static void addDocumented(CommandLine command, java.util.List<CommandLine> commands) {
        commands.add(command);
        command.getSubcommands().forEach((name, sub) -> {
            boolean alias = !name.equals(sub.getCommandName());
            if (!alias
                    && !name.equals("help")
                    && !sub.getCommandSpec().usageMessage().hidden()) {
                addDocumented(sub, commands);
            }
        });
    }

    private static CommandLine configured(CommandLine top) {
        // subcommands first: the converter and the enum setting reach only those present when they are set
        return top.registerConverter(java.time.Duration.class, new DurationConverter())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionStrategy(parsed -> {
                    // Before the command runs, so its first log line is already in the chosen format.
                    LogFormat.chosen(parsed).apply();
                    return new CommandLine.RunLast().execute(parsed);
                })
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    // One line for the operator, never a stack trace; the log has the details.
                    commandLine.getErr().println("error: " + describe(error));
                    commandLine.getErr().flush();
                    return error instanceof LeaderUnreachableException ? EXIT_USAGE_OR_UNREACHABLE : EXIT_FAILED;
                });
    }

    /**
     * The one line an operator sees for a failed command: a server's refusal as its description and gRPC
     * code (also when the client library carries it), anything else as its message.
     */
    public static String describe(Exception error) {
        if (error instanceof WorkClientException && error.getCause() instanceof StatusRuntimeException refusal) {
            return describe(refusal);
        }
        if (error instanceof StatusRuntimeException status) {
            String description = status.getStatus().getDescription();
            return (description == null ? "the leader refused the request" : description) + " ("
                    + status.getStatus().getCode() + ")";
        }
        return error.getMessage();
    }
}
