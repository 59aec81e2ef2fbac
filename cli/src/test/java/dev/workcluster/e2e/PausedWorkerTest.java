package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.JvmProcess;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by the chaos run (issue 11): a worker frozen by SIGSTOP past its session's live
 * timeout is expired and its runs go to others, but what the leader sent it just before
 * waits in its socket. On SIGCONT it read a StartTask for a task that had long been run
 * and completed elsewhere, and ran it again. Now the worker holds a lease (its last
 * acknowledged heartbeat plus the live timeout the Welcome names): past it, it starts
 * nothing, stops what it runs, and opens a new session.
 */
class PausedWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aWorkerPausedPastItsLeaseStopsItsRunsAndStartsNothingItReadsLate() throws Exception {
        // WorkerProcessMain heartbeats every 200 ms: the leader expires it after 600 ms of silence
        try (EmbeddedCluster leader = EmbeddedCluster.start(
                        "e2e-paused-worker", c -> c.withSessions(new SessionSettings(Duration.ofSeconds(2), 3, 1024)));
                JvmProcess frozen = JvmProcess.start(
                        WorkerProcessMain.launch(leader.address(), "frozen", 2), dir.resolve("frozen.log"))) {
            frozen.awaitLine(l -> l.equals("worker frozen started"), WAIT);
            await().atMost(WAIT).until(() -> leader.members().size() == 1);
            leader.tasks().schedule("long", "sleep 60000");
            frozen.awaitLine(l -> l.equals("started long"), WAIT);

            JvmProcess.pause(List.of(frozen));
            leader.tasks()
                    .schedule("late", "sleep 100"); // goes to the frozen worker's free slot, and waits in its socket
            await().atMost(WAIT).until(() -> {
                Task late = leader.tasks().get("late");
                return late.getStatus() == TaskStatus.TASK_STATUS_RUNNING
                        && late.getWorkerId().equals("frozen");
            });
            Worker survivor = Worker.start(
                    WorkerOptions.newBuilder()
                            .setLeaderAddresses(leader.address())
                            .setWorkerId("survivor")
                            .setSlots(2)
                            .build(),
                    context -> "done by survivor");
            try {
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(leader.tasks().get("long").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
                    assertThat(leader.tasks().get("late").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
                });
                assertThat(state(leader, "frozen"))
                        .as("the frozen worker, once its tasks ran elsewhere")
                        .isEqualTo(MemberState.MEMBER_STATE_EXPIRED);

                JvmProcess.resume(List.of(frozen));
                frozen.awaitLine(l -> l.equals("interrupted long"), WAIT);
                // a new session means the worker has handled everything the old one had buffered
                await().atMost(WAIT).until(() -> state(leader, "frozen") == MemberState.MEMBER_STATE_ALIVE);
                assertThat(frozen.lines())
                        .as("what the resumed worker did")
                        .doesNotContain("started late", "ended long");
            } finally {
                survivor.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    private static MemberState state(EmbeddedCluster leader, String id) {
        return leader.members().stream()
                .filter(m -> m.getId().equals(id))
                .map(Member::getState)
                .findFirst()
                .orElse(MemberState.MEMBER_STATE_UNSPECIFIED);
    }
}
