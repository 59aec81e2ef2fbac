package dev.workcluster.cli;

import dev.workcluster.bench.BenchOptions;
import dev.workcluster.bench.Scenarios;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs one benchmark scenario and writes bench/results/SCENARIO.json. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a benchmark scenario and writes its figures to bench/results/SCENARIO.json",
                "under the working directory. Real gRPC over loopback, Raft on disk.",
                "Scenarios: throughput, latency, push (leader in this JVM); heartbeats, memory",
                "(one leader process); failover (three leader processes, the Raft leader killed",
                "with SIGKILL)."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "throughput, latency, push, heartbeats, failover or memory.")
    String scenario;

    @Option(names = "--quick", description = "A shorter run (under 60 s) with the same fields.")
    boolean quick;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "1000",
            description = "Offered tasks per second, for the latency scenario (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "bench/results",
            description = "Where the JSON goes (default: ${DEFAULT-VALUE}).")
    Path results;

    @Override
    public Integer call() throws Exception {
        if (!Scenarios.all().containsKey(scenario)) {
            throw new ParameterException(spec.commandLine(), "unknown scenario '" + scenario + "'; known: "
                    + String.join(", ", Scenarios.all().keySet()));
        }
        if (rate <= 0) {
            throw new ParameterException(spec.commandLine(), "--rate must be > 0, got " + rate);
        }
        Scenarios.run(scenario, new BenchOptions(quick, rate), results, System.out);
        return 0;
    }
}
