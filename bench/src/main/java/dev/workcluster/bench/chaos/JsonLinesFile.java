package dev.workcluster.bench.chaos;

import com.google.gson.JsonObject;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A JSON-lines file opened for appending. Each line goes to the operating system in one
 * unbuffered write as soon as it is appended, so a process killed with SIGKILL right after
 * leaves every line it appended, whole; lines from several threads never interleave.
 */
final class JsonLinesFile implements Closeable {
    private final Path file;
    private final FileOutputStream out;

    JsonLinesFile(Path file) throws IOException {
        this.file = file;
        this.out = new FileOutputStream(file.toFile(), true);
    }

    synchronized void append(JsonObject line) {
        try {
            out.write((JsonFields.line(line) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
