package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.bench.chaos.ClientEvent;
import dev.workcluster.bench.chaos.FinalTask;
import dev.workcluster.bench.chaos.HistoryWriter;
import dev.workcluster.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench check-history DIR}: the verdict on a kept history, and its exit code. */
class BenchCheckHistoryTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int checkHistory() {
        CommandLine cli = BenchMain.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute("bench", "check-history", dir.toString());
    }

    private void history(FinalTask.Status status) throws Exception {
        try (HistoryWriter writer = HistoryWriter.create(dir)) {
            writer.client(ClientEvent.invoke(1_000, ClientEvent.Op.SCHEDULE, "a"));
            writer.client(ClientEvent.ok(1_010, ClientEvent.Op.SCHEDULE, "a"));
            for (String node : List.of("n1", "n2", "n3")) {
                long finishedAt = status.isTerminal() ? 2_000 : 0;
                List<FinalTask> tasks = List.of(new FinalTask("a", status, 1, 1, "w1", finishedAt));
                writer.finalState(node, tasks);
                writer.restartedState(node, tasks);
            }
        }
    }

    @Test
    void aCleanHistoryPassesWithExitCode0() throws Exception {
        history(FinalTask.Status.COMPLETED);

        assertThat(checkHistory()).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("acknowledged            1\n", "completed               1\n")
                .endsWith("verdict: PASS, no violations\n");
    }

    @Test
    void aViolationIsPrintedWithItsWindowAndFailsWithExitCode1() throws Exception {
        history(FinalTask.Status.RUNNING);

        assertThat(checkHistory()).isEqualTo(Main.EXIT_FAILED);
        assertThat(out.toString())
                .contains(
                        "violation 1 of 1: stuck a: acknowledged, but RUNNING attempt 1",
                        "  00:00:01.010 client.jsonl {\"t\":1010,\"op\":\"schedule\",\"phase\":\"ok\",\"task\":\"a\"}\n")
                .endsWith("verdict: FAIL, 1 violation(s)\n");
    }

    @Test
    void anUnreadableHistoryIsAUsageErrorNamingTheLine() throws Exception {
        history(FinalTask.Status.COMPLETED);
        Files.writeString(dir.resolve("faults.jsonl"), "{\"t\":5,\"fault\":\"flood\",\"target\":\"n1\"}\n");

        assertThat(checkHistory()).isEqualTo(Main.EXIT_USAGE_OR_UNREACHABLE);
        assertThat(err.toString())
                .contains("faults.jsonl:1: field \"fault\" is \"flood\"; expected one of kill, "
                        + "restart, pause, resume, partition, heal");
    }
}
