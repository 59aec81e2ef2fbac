package dev.workcluster.bench;

import dev.workcluster.cli.Main;
import picocli.CommandLine;

/**
 * Entry point of the bench's jar ({@code bench/target/workcluster-bench.jar}, which {@code bin/workcluster
 * bench ...} runs): the whole {@code workcluster} command line, with the real {@link BenchCommand} where
 * the CLI's own jar has a placeholder. The CLI's commands are here too, since the bench starts
 * {@code workcluster worker} processes on this jar's class path.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** {@code workcluster} with the bench command; what the README's CLI reference shows. */
    public static CommandLine newCommandLine() {
        return Main.newCommandLine(new BenchCommand());
    }
}
