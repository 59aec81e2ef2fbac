package dev.workcluster.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code workcluster demo}, the README's first command, end to end: in CI it must exit 0, fast. */
class DemoCommandTest {

    @Test
    void theDemoRunsEveryTaskAsPlannedReportsAndCleansUp() {
        List<String> tempBefore = demoDirs();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8)); // where the nodes would log to
        int exit;
        try {
            exit = run(out, err, "demo");
        } finally {
            System.setErr(stderr);
        }

        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(60);
        assertThat(exit).as(out.toString()).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(logs.toString(StandardCharsets.UTF_8)).isEmpty(); // not one log line from the leader or the workers
        String text = out.toString();
        assertThat(text)
                .startsWith("workcluster demo: a leader and 3 workers (2 slots each), all in this process\n"
                        + "30 tasks of three priorities: 4 flaky (they fail once and are retried), 1 long one")
                .contains("member w1 joined: 2 slots, stream transport", "member w3 joined")
                .containsPattern(
                        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} task demo-02-flaky (pending \\(low\\)|running on w\\d) attempt 2/3, "
                                + "last error: flaky by design")
                .containsPattern("task demo-long cancelled on w\\d attempt 1/3")
                .contains("\nSummary\n")
                .contains("  tasks      30 scheduled: 29 completed, 1 cancelled, 0 error\n")
                .containsPattern("  workers    w1 ran \\d+, w2 ran \\d+, w3 ran \\d+\n")
                .containsPattern(
                        "  latency    schedule → start p50 \\S+, p95 \\S+, max \\S+ \\(p50 by priority: high \\S+, "
                                + "medium \\S+, low \\S+\\)\n")
                .contains("  retries    4 (4 of 4 flaky tasks failed their first attempt and ran again)\n")
                .containsPattern("  cancelled  demo-long, while running on w\\d after \\S+\n")
                .containsPattern("  wall time  \\S+s ")
                .endsWith("OK: every task ended as planned; the workers and the leader have stopped and the "
                        + "temporary data dir is deleted.\n")
                .doesNotContain("Exception")
                .doesNotContain("WARN")
                .doesNotContain("ERROR");
        int ran = Arrays.stream(text.split("\n"))
                .filter(l -> l.startsWith("  workers"))
                .findFirst()
                .orElseThrow()
                .replaceAll("[^0-9 ]", " ")
                .trim()
                .split("\\s+")
                .length;
        assertThat(ran).isEqualTo(6); // three workers, each with a count
        assertThat(demoDirs()).isEqualTo(tempBefore);
    }

    @Test
    void tooFewTasksIsAUsageError() {
        StringWriter err = new StringWriter();

        int exit = run(new StringWriter(), err, "demo", "--tasks", "2");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--tasks must be between 3 and 1000, got 2");
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        var cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static List<String> demoDirs() {
        String[] names = new File(System.getProperty("java.io.tmpdir"))
                .list((dir, name) -> name.startsWith("workcluster-demo-"));
        return names == null ? List.of() : Arrays.stream(names).sorted().toList();
    }
}
