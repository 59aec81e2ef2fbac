package dev.workcluster.bench.chaos;

import com.google.gson.JsonObject;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Writes the runner's side of a chaos history (see {@link HistoryChecker} for the format):
 * client operations and faults line by line as they happen, and each node's state at the
 * end. The workers' runs are written by {@link RunJournal} in the worker processes.
 * Safe to call from any thread; appending to an existing history continues it.
 */
public final class HistoryWriter implements Closeable {
    private final Path dir;
    private final JsonLinesFile client;
    private final JsonLinesFile faults;

    private HistoryWriter(Path dir) throws IOException {
        this.dir = dir;
        this.client = new JsonLinesFile(dir.resolve(HistoryFiles.CLIENT));
        this.faults = new JsonLinesFile(dir.resolve(HistoryFiles.FAULTS));
    }

    /** Creates {@code dir} if needed, with {@code client.jsonl} and {@code faults.jsonl} in it. */
    public static HistoryWriter create(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new HistoryWriter(dir);
    }

    public Path dir() {
        return dir;
    }

    public void client(ClientEvent event) {
        client.append(event.toJson());
    }

    /** Records a fault; a worker's kill must be recorded once the process is seen dead. */
    public void fault(FaultEvent event) {
        faults.append(event.toJson());
    }

    /** Writes {@code final-NODE.json}: the node's tasks once faults stopped and the work drained. */
    public Path finalState(String node, Collection<FinalTask> tasks) throws IOException {
        return writeState(HistoryFiles.finalState(dir, node), node, tasks);
    }

    /** Writes {@code restarted-NODE.json}: the node's tasks after every node was stopped and started. */
    public Path restartedState(String node, Collection<FinalTask> tasks) throws IOException {
        return writeState(HistoryFiles.restartedState(dir, node), node, tasks);
    }

    /** One task a line, so the file stays readable and greppable by task id. */
    private static Path writeState(Path file, String node, Collection<FinalTask> tasks) throws IOException {
        JsonObject head = new JsonObject();
        head.addProperty("node", node);
        String opening = JsonFields.line(head);
        StringBuilder text =
                new StringBuilder().append(opening, 0, opening.length() - 1).append(",\"tasks\":[");
        String separator = "\n";
        for (FinalTask task : tasks) {
            text.append(separator).append(JsonFields.line(task.toJson()));
            separator = ",\n";
        }
        text.append(tasks.isEmpty() ? "]}\n" : "\n]}\n");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            faults.close();
        }
    }
}
