package dev.workcluster.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.workcluster.worker.TaskCancelledException;
import dev.workcluster.worker.TaskContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording handler journals a start before the handler and an end with how it returned. */
class RecordingHandlerTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000);

    /** The attempt context the library would hand the handler; {@code cancelled} as the leader left it. */
    private record Attempt(String taskId, int attempt, boolean isCancelled) implements TaskContext {
        @Override
        public String payload() {
            return "";
        }

        @Override
        public int maxAttempts() {
            return 3;
        }

        @Override
        public void throwIfCancelled() {
            if (isCancelled) {
                throw new TaskCancelledException("cancelled");
            }
        }
    }

    private List<String> results() throws Exception {
        return Files.readAllLines(HistoryFiles.runs(dir, "w1"), StandardCharsets.UTF_8).stream()
                .map(line -> RunEvent.fromJson(JsonFields.parse(line, "runs-w1.jsonl"), "runs-w1.jsonl"))
                .map(event -> event.task() + " " + event.event() + " " + event.attempt() + " " + event.t() + " "
                        + event.result())
                .toList();
    }

    @Test
    void aReturnEndsOkAThrowEndsErrorACancelEndsInterrupted() throws Exception {
        try (RunJournal journal = RunJournal.open(dir, "w1", 42, clock::get)) {
            RecordingHandler returns = new RecordingHandler(journal, context -> {
                clock.addAndGet(5);
                return "done";
            });
            RecordingHandler fails = new RecordingHandler(journal, context -> {
                throw new IllegalStateException("boom");
            });
            RecordingHandler cancelled = new RecordingHandler(journal, context -> {
                context.throwIfCancelled();
                return "never";
            });
            RecordingHandler ignoresTheCancel = new RecordingHandler(journal, context -> "late");

            assertThat(returns.handle(new Attempt("a", 1, false))).isEqualTo("done");
            assertThatThrownBy(() -> fails.handle(new Attempt("b", 2, false))).hasMessage("boom");
            assertThatThrownBy(() -> cancelled.handle(new Attempt("c", 1, true)))
                    .isInstanceOf(TaskCancelledException.class);
            assertThat(ignoresTheCancel.handle(new Attempt("d", 1, true))).isEqualTo("late");
        }

        assertThat(results())
                .containsExactly(
                        "a START 1 1000 null",
                        "a END 1 1005 OK",
                        "b START 2 1005 null",
                        "b END 2 1005 ERROR",
                        "c START 1 1005 null",
                        "c END 1 1005 INTERRUPTED",
                        "d START 1 1005 null",
                        "d END 1 1005 INTERRUPTED");
    }

    @Test
    void theJournalRefusesAnotherWorkersRun() throws Exception {
        try (RunJournal journal = RunJournal.open(dir, "w1", 42, clock::get)) {
            assertThatThrownBy(() -> journal.append(RunEvent.start(1, "w2", 42, "a", 1, 0)))
                    .hasMessage("a run of worker w2 does not belong in the journal of w1");
        }
        assertThat(HistoryFiles.runs(dir, "w1")).isEmptyFile();
    }
}
