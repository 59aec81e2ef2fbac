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
                .registerConverter(java.time.Duration.class, new DurationConverter());
    }
}
