package dev.workcluster.bench.micro;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH microbenchmarks of the leader's hot paths ({@code bench micro}): runs them in
 * forked JVMs, prints JMH's own report and table, and has JMH write its JSON result
 * file, which JMH tools (comparers, visualisers) read as is.
 */
public final class MicroBenchmarks {
    public static final String NAME = "micro";
    /** Every benchmark of this package, when no pattern is given. */
    static final String ALL = "^" + Pattern.quote(MicroBenchmarks.class.getPackageName() + ".");

    private MicroBenchmarks() {}

    /** The names JMH knows them by ({@code dev.workcluster.bench.micro.Class.method}) that {@code regex} finds. */
    public static SortedSet<String> matching(String regex) {
        Pattern pattern = Pattern.compile(regex == null ? ALL : regex);
        SortedSet<String> names = new TreeSet<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().getAll(silent(), List.of())) {
            if (pattern.matcher(entry.getUsername()).find()) {
                names.add(entry.getUsername());
            }
        }
        return names;
    }

    /**
     * Runs the benchmarks whose names {@code regex} finds (all when null), printing to
     * {@code out}, and writes {@code resultsDir/micro.json}.
     */
    public static Collection<RunResult> run(boolean quick, String regex, Path resultsDir, PrintStream out)
            throws IOException, RunnerException {
        Files.createDirectories(resultsDir);
        Path json = resultsDir.resolve(NAME + ".json");
        ChainedOptionsBuilder options = options(regex, json);
        // Warm-up is the longer phase on purpose: on two cores the C2 compiler shares them with the
        // benchmark, and planning or decoding took 2-3 s to reach steady code in the runs we made.
        if (quick) {
            // One fork and short measurement: the whole set in under a minute on a quiet machine.
            options.forks(1)
                    .warmupIterations(2)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3)
                    .measurementTime(TimeValue.milliseconds(300));
        } else {
            options.forks(2)
                    .warmupIterations(5)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5)
                    .measurementTime(TimeValue.seconds(1));
        }
        out.printf(
                "bench micro%s: JMH microbenchmarks in forked JVMs (2-core machines give noisy figures) ...%n",
                quick ? " --quick" : "");
        Collection<RunResult> results = run(options.build(), out);
        out.println("written: " + json);
        return results;
    }

    /** What every run shares: which benchmarks, JMH's JSON file, and a fixed heap so GC sizing does not vary. */
    static ChainedOptionsBuilder options(String regex, Path json) {
        return new OptionsBuilder()
                .include(regex == null ? ALL : regex)
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON)
                .shouldFailOnError(true)
                .jvmArgsAppend("-Xms1g", "-Xmx1g");
    }

    static Collection<RunResult> run(Options options, PrintStream out) throws RunnerException {
        return new Runner(options, OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL)).run();
    }

    private static OutputFormat silent() {
        return OutputFormatFactory.createFormatInstance(
                new PrintStream(PrintStream.nullOutputStream()), VerboseMode.SILENT);
    }
}
