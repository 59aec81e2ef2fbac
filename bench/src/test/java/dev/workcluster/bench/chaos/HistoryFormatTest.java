package dev.workcluster.bench.chaos;

import static dev.workcluster.bench.chaos.HistoryFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.workcluster.bench.chaos.ClientEvent.Op;
import dev.workcluster.bench.chaos.FaultEvent.Fault;
import dev.workcluster.bench.chaos.FinalTask.Status;
import dev.workcluster.bench.chaos.RunEvent.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files as written, field by field, and the clear refusals of a history that is not one. */
class HistoryFormatTest {
    @TempDir
    Path dir;

    private List<String> lines(String file) throws Exception {
        return Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void theWriterWritesOneObjectALineUnderTheDocumentedNames() throws Exception {
        try (HistoryWriter writer = HistoryWriter.create(dir)) {
            writer.client(ClientEvent.invoke(5, Op.SCHEDULE, "a \"1\""));
            writer.client(ClientEvent.unknown(6, Op.CANCEL, "a \"1\"", "UNAVAILABLE: <no leader>"));
            writer.fault(new FaultEvent(7, Fault.PARTITION, "n1,w1|n2,n3", "isolates the Raft leader"));
            writer.finalState(
                    "n1",
                    List.of(
                            new FinalTask("a \"1\"", Status.CANCELLED, 2, 3, "w1", 9),
                            new FinalTask("b", Status.PENDING, 0, 0, "", 0)));
            writer.restartedState("n1", List.of());
        }

        assertThat(lines("client.jsonl"))
                .containsExactly(
                        "{\"t\":5,\"op\":\"schedule\",\"phase\":\"invoke\",\"task\":\"a \\\"1\\\"\"}",
                        "{\"t\":6,\"op\":\"cancel\",\"phase\":\"unknown\",\"task\":\"a \\\"1\\\"\","
                                + "\"error\":\"UNAVAILABLE: <no leader>\"}");
        assertThat(lines("faults.jsonl"))
                .containsExactly("{\"t\":7,\"fault\":\"partition\","
                        + "\"target\":\"n1,w1|n2,n3\",\"detail\":\"isolates the Raft leader\"}");
        assertThat(lines("final-n1.json"))
                .containsExactly(
                        "{\"node\":\"n1\",\"tasks\":[",
                        "{\"id\":\"a \\\"1\\\"\",\"status\":\"CANCELLED\",\"attempt\":2,\"assignment\":3,\"worker\":\"w1\","
                                + "\"finished_at\":9},",
                        "{\"id\":\"b\",\"status\":\"PENDING\",\"attempt\":0,\"assignment\":0,\"worker\":\"\","
                                + "\"finished_at\":0}",
                        "]}");
        assertThat(lines("restarted-n1.json")).containsExactly("{\"node\":\"n1\",\"tasks\":[]}");
    }

    @Test
    void everyProcessOfAWorkerAppendsToItsJournalAndRunsPairByPid() throws Exception {
        AtomicLong clock = new AtomicLong(at(1));
        try (RunJournal first = RunJournal.open(dir, "w1", 100, clock::get)) {
            first.start("a", 1, 4);
        }
        clock.set(at(3));
        try (RunJournal second = RunJournal.open(dir, "w1", 101, clock::get)) {
            second.start("a", 2, 5);
            clock.set(at(4));
            second.end("a", 2, 5, Result.OK);
        }
        try (HistoryFixture history = new HistoryFixture(dir)) {
            history.acknowledged("a", 0)
                    .fault(Fault.KILL, "w1", 2)
                    .everyNode(new FinalTask("a", Status.COMPLETED, 2, 5, "w1", at(4.1)));
        }

        assertThat(lines("runs-w1.jsonl"))
                .containsExactly(
                        "{\"t\":1764633601000,\"event\":\"start\",\"worker\":\"w1\",\"pid\":100,\"task\":\"a\",\"attempt\":1,"
                                + "\"assignment\":4}",
                        "{\"t\":1764633603000,\"event\":\"start\",\"worker\":\"w1\",\"pid\":101,\"task\":\"a\",\"attempt\":2,"
                                + "\"assignment\":5}",
                        "{\"t\":1764633604000,\"event\":\"end\",\"worker\":\"w1\",\"pid\":101,\"task\":\"a\",\"attempt\":2,"
                                + "\"assignment\":5,\"result\":\"ok\"}");
        ChaosVerdict verdict = HistoryChecker.check(dir);
        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.runs()).isEqualTo(2);
    }

    @Test
    void optionalFieldsMayBeLeftOut() throws Exception {
        Files.writeString(
                dir.resolve("client.jsonl"), "{\"t\":1,\"op\":\"schedule\",\"phase\":\"ok\",\"task\":\"a\"}\n\n");
        Files.writeString(
                dir.resolve("runs-w1.jsonl"),
                "{\"t\":2,\"event\":\"start\",\"worker\":\"w1\",\"pid\":1,"
                        + "\"task\":\"a\",\"attempt\":1}\n{\"t\":3,\"event\":\"end\",\"worker\":\"w1\",\"pid\":1,"
                        + "\"task\":\"a\",\"attempt\":1,\"result\":\"ok\"}\n");
        Files.writeString(
                dir.resolve("final-n1.json"),
                "{\"node\":\"n1\",\"tasks\":[{\"id\":\"a\","
                        + "\"status\":\"COMPLETED\",\"attempt\":1,\"finished_at\":4}]}");
        Files.copy(dir.resolve("final-n1.json"), dir.resolve("restarted-n1.json"));

        ChaosVerdict verdict = HistoryChecker.check(dir);

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.completed()).isEqualTo(1);
    }

    @Test
    void aDirectoryThatIsNotACompleteHistoryIsRefusedByName() throws Exception {
        assertThatThrownBy(() -> HistoryChecker.check(dir.resolve("nosuch")))
                .hasMessageContaining("nosuch is not a directory");
        assertThatThrownBy(() -> HistoryChecker.check(dir)).hasMessageContaining("has no client.jsonl");
        Files.writeString(dir.resolve("client.jsonl"), "");
        assertThatThrownBy(() -> HistoryChecker.check(dir))
                .hasMessageContaining("has no final-NODE.json (the nodes' final state)");
    }

    @Test
    void aBadLineIsRefusedNamingTheFileTheLineAndTheField() throws Exception {
        Files.writeString(dir.resolve("final-n1.json"), "{\"node\":\"n1\",\"tasks\":[]}");
        assertRefused(
                "client.jsonl",
                "{\"t\":1,\"op\":\"schedule\",\"phase\":\"ok\",\"task\":\"a\"}\n"
                        + "{\"t\":2,\"op\":\"schedule\",\"phase\":\"done\",\"task\":\"a\"}",
                "client.jsonl:2: field \"phase\" is \"done\"; expected one of invoke, ok, fail, unknown");
        assertRefused("client.jsonl", "{\"t\":\"soon\"}", "client.jsonl:1: field \"t\" must be a number");
        assertRefused("client.jsonl", "{\"t\":1,", "client.jsonl:1: not JSON");
        Files.writeString(dir.resolve("client.jsonl"), "");
        assertRefused(
                "runs-w1.jsonl",
                "{\"t\":3,\"event\":\"end\",\"worker\":\"w1\",\"pid\":1,\"task\":\"a\","
                        + "\"attempt\":1,\"result\":\"ok\"}",
                "runs-w1.jsonl: the end at 00:00:00.003 of task a attempt 1 " + "assignment 0 (pid 1) has no start");
        assertRefused(
                "runs-w1.jsonl",
                "{\"t\":3,\"event\":\"start\",\"worker\":\"w2\",\"pid\":1,\"task\":\"a\"," + "\"attempt\":1}",
                "runs-w1.jsonl:1: a run of worker w2 in the journal of w1");
        Files.delete(dir.resolve("runs-w1.jsonl"));
        assertRefused(
                "final-n2.json",
                "{\"node\":\"n2\",\"tasks\":[{\"id\":\"a\",\"status\":\"DONE\"," + "\"attempt\":1}]}",
                "final-n2.json tasks[0]: status \"DONE\" is not one of PENDING");
        assertRefused("final-n2.json", "{\"node\":\"n1\",\"tasks\":[]}", "final-n2.json: holds node \"n1\"");
    }

    private void assertRefused(String file, String text, String message) throws Exception {
        Files.writeString(dir.resolve(file), text);
        assertThatThrownBy(() -> HistoryChecker.check(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
