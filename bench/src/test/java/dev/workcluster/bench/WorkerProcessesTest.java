package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster scenario's workers are the CLI's worker command; without the CLI it says how to run it. */
class WorkerProcessesTest {
    @TempDir
    Path dir;

    @Test
    void refusesToStartWithoutTheCliOnTheClassPathAndSaysWhatToRun() {
        // the bench module's tests do not have the CLI (the CLI depends on the bench, not the other way)
        assertThatThrownBy(() -> WorkerProcesses.start(dir, 1, 1, List.of("127.0.0.1:50051")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be on the class path; run it as bin/workcluster bench");
    }
}
