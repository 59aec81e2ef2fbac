package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI's jar lists {@code bench} but carries no benchmark: the command says where they are. */
class BenchJarCommandTest {

    @Test
    void benchIsListedAndSaysToRunTheBenchJarWithExitCode2() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("--help")).isZero();
        int exit = cli.execute("bench", "throughput", "--quick");

        assertThat(out.toString()).contains("\n  bench           Runs a benchmark scenario and writes its figures");
        assertThat(exit).isEqualTo(Main.EXIT_USAGE_OR_UNREACHABLE);
        assertThat(err.toString())
                .contains("the benchmarks are not in this jar: run bin/workcluster bench throughput "
                        + "--quick (it runs bench/target/workcluster-bench.jar)");
    }

    @Test
    void theCliHasNoBenchmarkClasses() {
        assertThat(getClass().getClassLoader().getResource("dev/workcluster/bench/BenchMain.class"))
                .isNull();
        assertThat(getClass().getClassLoader().getResource("org/openjdk/jmh/runner/Runner.class"))
                .isNull();
    }
}
