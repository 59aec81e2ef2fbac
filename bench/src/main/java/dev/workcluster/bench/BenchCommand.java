package dev.workcluster.bench;

import dev.workcluster.bench.chaos.ChaosVerdict;
import dev.workcluster.bench.chaos.HistoryChecker;
import dev.workcluster.bench.micro.MicroBenchmarks;
import dev.workcluster.cli.BenchJarCommand;
import dev.workcluster.cli.DurationConverter;
import dev.workcluster.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs one benchmark scenario and writes bench/results/SCENARIO.json; {@code micro} runs the
 * JMH microbenchmarks instead, which fork JVMs of their own and write JMH's JSON;
 * {@code check-history} checks a kept chaos history and writes nothing. It is {@code workcluster
 * bench} in the bench's jar ({@link BenchMain}); the CLI's jar has {@link BenchJarCommand} instead.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            BenchJarCommand.SUMMARY,
            "under the working directory. Real gRPC over loopback, Raft on disk.",
            "Scenarios: throughput, latency, push (leader in this JVM; throughput and latency",
            "drive a running cluster instead with --leader); heartbeats, memory (one leader",
            "process); failover (three leader processes, the Raft leader killed with SIGKILL);",
            "cluster (leader, `workcluster worker` and client processes: one node, then a",
            "three-node group, measured from the outside client); cli (bin/workcluster's",
            "--help, members, tasks and schedule against a leader process, 10 runs each:",
            "wall time as a user sees it); chaos (three leader",
            "processes, five worker processes, a client, and random kills, pauses and network",
            "partitions for --duration, then a check of the recorded history); micro: JMH",
            "microbenchmarks of the state machine's apply, the pending queue, retention, the",
            "dispatcher's placement and the log entry codec, in forked JVMs (JMH prints its",
            "table and writes micro.json in its own format).",
            "check-history DIR: checks the chaos history kept in DIR (exit 0: no violation,",
            "1: violations, each printed with the lines around it; 2: not a readable history)."
        })
public final class BenchCommand implements Callable<Integer> {
    static final String CHECK_HISTORY = "check-history";

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "SCENARIO",
            description = "throughput, latency, push, heartbeats, failover, memory, cluster, chaos, micro or "
                    + "check-history.")
    String scenario;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "ARG",
            description = {
                "micro: the benchmarks whose names match, e.g. Placement (default: all);",
                "check-history: the history directory (required)."
            })
    String argument;

    @Option(names = "--quick", description = "A shorter run (under 60 s) with the same fields.")
    boolean quick;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Offered tasks per second, for the latency scenario (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description = "chaos only: the seed the fault schedule is drawn from (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "chaos only: how long faults are injected, e.g. 90s or 10m (default: 60s with --quick, else 10m).")
    Duration duration;

    @Option(
            names = "--leader",
            paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "throughput and latency only: drive the running cluster at these addresses instead of "
                    + "starting one; its workers must be connected already (tasks carry the payload 'sleep 0s', "
                    + "a no-op for the built-in sleep and echo handlers).")
    String leader;

    @Option(
            names = "--results",
            paramLabel = "DIR",
            defaultValue = "bench/results",
            description = "Where the JSON goes (default: ${DEFAULT-VALUE}).")
    Path results;

    @Override
    public Integer call() throws Exception {
        if (!known().contains(scenario)) {
            throw new ParameterException(
                    spec.commandLine(), "unknown scenario '" + scenario + "'; known: " + String.join(", ", known()));
        }
        List<String> leaders = leaders();
        if (scenario.equals(MicroBenchmarks.NAME)) {
            return micro();
        }
        if (scenario.equals(CHECK_HISTORY)) {
            return checkHistory();
        }
        if (argument != null) {
            throw new ParameterException(
                    spec.commandLine(), "ARG is for micro and check-history only, got '" + argument + "'");
        }
        if (rate <= 0) {
            throw new ParameterException(spec.commandLine(), "--rate must be > 0, got " + rate);
        }
        Scenarios.run(scenario, new BenchOptions(quick, rate, seed, duration, leaders), results, System.out);
        return 0;
    }

    /** The --leader addresses, checked; empty when not given. */
    private List<String> leaders() {
        if (leader == null) {
            return List.of();
        }
        if (!Scenarios.drivingRunningClusters().contains(scenario)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--leader is for " + String.join(" and ", Scenarios.drivingRunningClusters()) + " only, not "
                            + scenario);
        }
        try {
            return ClusterAddresses.parse(leader);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--leader: " + e.getMessage());
        }
    }

    private Integer micro() throws Exception {
        SortedSet<String> chosen;
        try {
            chosen = MicroBenchmarks.matching(argument);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), "ARG is not a regular expression: " + e.getMessage());
        }
        if (chosen.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no microbenchmark matches '" + argument + "'; known: "
                            + String.join(", ", MicroBenchmarks.matching(null)));
        }
        MicroBenchmarks.run(quick, argument, results, System.out);
        return 0;
    }

    /** A history that cannot be read is bad input (exit 2); violations fail the command (exit 1). */
    private Integer checkHistory() throws IOException {
        if (argument == null || !Files.isDirectory(Path.of(argument))) {
            throw new ParameterException(
                    spec.commandLine(),
                    CHECK_HISTORY + " needs the history directory as ARG, got "
                            + (argument == null ? "none" : "'" + argument + "', which is not a directory"));
        }
        ChaosVerdict verdict;
        try {
            verdict = HistoryChecker.check(Path.of(argument));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        spec.commandLine().getOut().print(verdict.summary(HistoryChecker.PRINTED_VIOLATIONS));
        spec.commandLine().getOut().flush();
        return verdict.passed() ? 0 : Main.EXIT_FAILED;
    }

    private static List<String> known() {
        List<String> names = new ArrayList<>(Scenarios.all().keySet());
        names.add(MicroBenchmarks.NAME);
        names.add(CHECK_HISTORY);
        return names;
    }
}
