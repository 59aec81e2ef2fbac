package dev.workcluster.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of this repository that fixtures use at run time (the scripts and templates under
 * {@code deploy/}), found by walking up from the working directory: a module's tests run in the
 * module's directory, the repository root is the first directory above it with a {@code deploy/}.
 */
public final class RepositoryFiles {
    private RepositoryFiles() {}

    /** {@code relative} (such as {@code deploy/tls/dev-certs.sh}) under the repository root; it must exist. */
    public static Path resolve(String relative) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy"))) {
                Path file = dir.resolve(relative);
                if (!Files.exists(file)) {
                    throw new IllegalStateException(file + " is missing from the repository at " + dir);
                }
                return file;
            }
        }
        throw new IllegalStateException(
                "no directory with deploy/ at or above " + start + ": run from inside the workcluster repository");
    }
}
