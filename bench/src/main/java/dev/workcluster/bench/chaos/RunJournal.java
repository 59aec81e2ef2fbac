package dev.workcluster.bench.chaos;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * A worker process's journal of handler runs, {@code runs-WORKER.jsonl} in the history
 * directory: a start line before the handler is called and an end line after it returns,
 * each written through before the call goes on, so a SIGKILL leaves starts without ends
 * and nothing torn. Every process of one worker appends to the same file.
 */
public final class RunJournal implements Closeable {
    private final JsonLinesFile file;
    private final String worker;
    private final long pid;
    private final LongSupplier clock;

    private RunJournal(JsonLinesFile file, String worker, long pid, LongSupplier clock) {
        this.file = file;
        this.worker = worker;
        this.pid = pid;
        this.clock = clock;
    }

    /** The journal of {@code worker} as this process, on the wall clock. */
    public static RunJournal open(Path dir, String worker) throws IOException {
        return open(dir, worker, ProcessHandle.current().pid(), System::currentTimeMillis);
    }

    public static RunJournal open(Path dir, String worker, long pid, LongSupplier clock) throws IOException {
        Files.createDirectories(dir);
        return new RunJournal(new JsonLinesFile(HistoryFiles.runs(dir, worker)), worker, pid, clock);
    }

    public void start(String task, int attempt, int assignment) {
        append(RunEvent.start(clock.getAsLong(), worker, pid, task, attempt, assignment));
    }

    public void end(String task, int attempt, int assignment, RunEvent.Result result) {
        append(RunEvent.end(clock.getAsLong(), worker, pid, task, attempt, assignment, result));
    }

    /** Appends a line as given, for a history written by hand; it must be this journal's worker. */
    public void append(RunEvent event) {
        if (!event.worker().equals(worker)) {
            throw new IllegalArgumentException(
                    "a run of worker " + event.worker() + " does not belong in the journal of " + worker);
        }
        file.append(event.toJson());
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
