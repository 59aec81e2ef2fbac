package dev.workcluster.cli;

import picocli.CommandLine;

/** Entry point of the {@code workcluster} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        return new CommandLine(new WorkclusterCommand())
                .registerConverter(java.time.Duration.class, new DurationConverter())
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    // One line for the operator, never a stack trace; the log has the details.
                    commandLine.getErr().println("error: " + error.getMessage());
                    return 1;
                });
    }
}
