package dev.workcluster.bench.chaos;

import dev.workcluster.bench.chaos.ClientEvent.Op;
import dev.workcluster.bench.chaos.FaultEvent.Fault;
import dev.workcluster.bench.chaos.FinalTask.Status;
import dev.workcluster.bench.chaos.RunEvent.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written histories for the checker's tests, written through the same writer API as
 * the chaos runner uses. Times are seconds after {@link #T0}; the nodes are n1, n2 and n3.
 */
final class HistoryFixture implements AutoCloseable {
    /** 2025-12-02T00:00:00Z, so windows print as 00:00:SS.mmm. */
    static final long T0 = 1_764_633_600_000L;

    static final List<String> NODES = List.of("n1", "n2", "n3");

    final Path dir;
    private final HistoryWriter writer;
    private final Map<String, RunJournal> journals = new HashMap<>();

    HistoryFixture(Path dir) throws IOException {
        this.dir = dir;
        this.writer = HistoryWriter.create(dir);
    }

    static long at(double seconds) {
        return T0 + Math.round(seconds * 1_000);
    }

    /** The client submitted {@code task} at {@code seconds}, and it was acknowledged 10 ms later. */
    HistoryFixture acknowledged(String task, double seconds) {
        writer.client(ClientEvent.invoke(at(seconds), Op.SCHEDULE, task));
        writer.client(ClientEvent.ok(at(seconds) + 10, Op.SCHEDULE, task));
        return this;
    }

    HistoryFixture client(ClientEvent event) {
        writer.client(event);
        return this;
    }

    HistoryFixture start(String worker, long pid, String task, int attempt, int assignment, double seconds) {
        journal(worker).append(RunEvent.start(at(seconds), worker, pid, task, attempt, assignment));
        return this;
    }

    HistoryFixture end(
            String worker, long pid, String task, int attempt, int assignment, double seconds, Result result) {
        journal(worker).append(RunEvent.end(at(seconds), worker, pid, task, attempt, assignment, result));
        return this;
    }

    /** A whole run that ended with {@code result}. */
    HistoryFixture run(
            String worker, long pid, String task, int attempt, int assignment, double from, double to, Result result) {
        return start(worker, pid, task, attempt, assignment, from)
                .end(worker, pid, task, attempt, assignment, to, result);
    }

    HistoryFixture fault(Fault fault, String target, double seconds) {
        writer.fault(new FaultEvent(at(seconds), fault, target, null));
        return this;
    }

    /** Every node reports {@code tasks}, before and after the restart. */
    HistoryFixture everyNode(FinalTask... tasks) {
        for (String node : NODES) {
            finalState(node, tasks).restartedState(node, tasks);
        }
        return this;
    }

    HistoryFixture finalState(String node, FinalTask... tasks) {
        try {
            writer.finalState(node, List.of(tasks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    HistoryFixture restartedState(String node, FinalTask... tasks) {
        try {
            writer.restartedState(node, List.of(tasks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    static FinalTask task(String id, Status status, int attempt, String worker, double finishedSeconds) {
        return new FinalTask(id, status, attempt, attempt, worker, status.isTerminal() ? at(finishedSeconds) : 0);
    }

    ChaosVerdict check() throws IOException {
        close();
        return HistoryChecker.check(dir);
    }

    private RunJournal journal(String worker) {
        return journals.computeIfAbsent(worker, name -> {
            try {
                return RunJournal.open(dir, name, 0, () -> {
                    throw new IllegalStateException("hand-written runs carry their own times");
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() throws IOException {
        writer.close();
        for (RunJournal journal : journals.values()) {
            journal.close();
        }
    }
}
