package dev.workcluster.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code workcluster bench} in the CLI's own jar, which carries no benchmark: the scenarios and the JMH
 * microbenchmarks ship in a jar of their own ({@value #JAR}), whose command line has the real command in
 * this place, and {@code bin/workcluster bench ...} runs that jar. Here the command only says so.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            BenchJarCommand.SUMMARY,
            "The benchmarks ship in a jar of their own (" + BenchJarCommand.JAR
                    + "): run them with bin/workcluster bench ..."
        })
public final class BenchJarCommand implements Callable<Integer> {
    /** The first line of the bench command's description, the one {@code workcluster --help} lists. */
    public static final String SUMMARY =
            "Runs a benchmark scenario and writes its figures to " + "bench/results/SCENARIO.json";

    static final String JAR = "bench/target/workcluster-bench.jar";

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(),
                "the benchmarks are not in this jar: run bin/workcluster bench "
                        + String.join(" ", arguments == null ? List.of() : arguments) + " (it runs " + JAR + ")");
    }
}
