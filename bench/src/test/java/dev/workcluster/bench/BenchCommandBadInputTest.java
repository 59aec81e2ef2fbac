package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Bad bench arguments are usage errors (exit 2) that name the value, refused before anything runs. */
class BenchCommandBadInputTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "nosuch|''|unknown scenario 'nosuch'; known: throughput, latency, push, heartbeats, failover, memory, "
                        + "cluster, cli, chaos, micro, check-history",
                "micro|NoSuchBenchmark|no microbenchmark matches 'NoSuchBenchmark'; known: "
                        + "dev.workcluster.bench.micro.ApplyBenchmark.apply",
                "micro|'Apply('|ARG is not a regular expression",
                "throughput|Apply|ARG is for micro and check-history only, got 'Apply'",
                "check-history|''|check-history needs the history directory as ARG, got none",
                "check-history|no/such/dir|check-history needs the history directory as ARG, got 'no/such/dir', "
                        + "which is not a directory",
            })
    void refusedWithExitCode2AndTheValueNamed(String scenario, String regex, String message) {
        String[] args = regex.isEmpty() ? new String[] {"bench", scenario} : new String[] {"bench", scenario, regex};

        assertUsageError(message, args);
    }

    @ParameterizedTest(name = "{0} --leader {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "throughput|''|--leader: leader address list is empty; give host:port[,host:port...]",
                "throughput|'  '|--leader: leader address list is empty",
                "throughput|localhost|--leader: leader address 'localhost' must be host:port",
                "latency|:50051|--leader: leader address ':50051' must be host:port",
                "latency|::1:50051|--leader: leader address '::1:50051' must be host:port",
                "throughput|127.0.0.1:0|--leader: leader address '127.0.0.1:0' must be host:port with a port in 1-65535",
                "throughput|127.0.0.1:65536|leader address '127.0.0.1:65536' must be host:port with a port in 1-65535",
                "throughput|127.0.0.1:http|leader address '127.0.0.1:http' must be host:port with a port in 1-65535",
                "throughput|'127.0.0.1:50051,,127.0.0.1:50052'|--leader: leader address is empty",
                "memory|127.0.0.1:50051|--leader is for throughput and latency only, not memory",
                "cluster|127.0.0.1:50051|--leader is for throughput and latency only, not cluster",
                "micro|127.0.0.1:50051|--leader is for throughput and latency only, not micro",
            })
    void leaderRefusedWithExitCode2AndTheValueNamed(String scenario, String leader, String message) {
        assertUsageError(message, "bench", scenario, "--leader", leader);
    }

    /** The command line exits 2 and prints {@code message} with the bench command's usage. */
    private static void assertUsageError(String message, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = BenchMain.newCommandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute(args);

        assertThat(exit).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains(message).contains("Usage: workcluster bench");
    }
}
