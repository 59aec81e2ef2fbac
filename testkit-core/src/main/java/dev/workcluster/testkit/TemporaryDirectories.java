package dev.workcluster.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Data directories under the system's temporary directory, named {@code workcluster-NAME-...}, and
 * their deletion.
 *
 * <pre>{@code
 * Path dir = TemporaryDirectories.create("bench-memory");
 * try {
 *     // ... a leader's Raft log goes here
 * } finally {
 *     TemporaryDirectories.delete(dir);
 * }
 * }</pre>
 */
public final class TemporaryDirectories {
    private TemporaryDirectories() {}

    /** A new empty directory {@code workcluster-NAME-<random>} under the system's temporary directory. */
    public static Path create(String name) throws IOException {
        return Files.createTempDirectory("workcluster-" + name + "-");
    }

    /** Deletes {@code dir} and everything under it; a directory that is already gone is fine. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary data dir " + dir, e);
        }
    }
}
