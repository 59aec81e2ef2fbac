package dev.workcluster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A leader and a library worker in this JVM run a task end to end, and leave nothing behind. */
class EmbeddedClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aWorkerJoinsRunsATaskAndCloseDeletesTheDataDirectory() throws Exception {
        Path dataDir;
        try (EmbeddedCluster cluster = EmbeddedCluster.start("testkit-test", config -> config)) {
            dataDir = cluster.dataDir();
            cluster.startWorker(
                    WorkerOptions.newBuilder().setWorkerId("w1").setSlots(1), context -> "ran " + context.payload());
            await().atMost(WAIT)
                    .until(() -> cluster.members().stream()
                            .map(Member::getId)
                            .toList()
                            .contains("w1"));

            cluster.tasks().schedule("t1", "hello");

            await().atMost(WAIT).until(() -> cluster.tasks().get("t1").getStatus() == TaskStatus.TASK_STATUS_COMPLETED);
            assertThat(cluster.tasks().get("t1"))
                    .returns("ran hello", Task::getResult)
                    .returns("w1", Task::getWorkerId);
            assertThat(cluster.tasks().count(TaskStatus.TASK_STATUS_COMPLETED)).isEqualTo(1);
            assertThat(Files.isDirectory(dataDir)).isTrue();
        }
        assertThat(dataDir).doesNotExist();
    }
}
