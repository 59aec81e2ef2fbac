package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.worker.Transport;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Library workers on their session streams against a real leader on loopback. */
class LibraryWorkersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    EmbeddedCluster leader;
    final ControlledHandler handler = new ControlledHandler();
    final List<Worker> workers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        leader = EmbeddedCluster.start("e2e-library-workers", c -> c);
    }

    @AfterEach
    void stop() throws Exception {
        handler.releaseAll();
        workers.forEach(w -> w.shutdown(Duration.ofSeconds(5)));
        leader.close();
    }

    Worker worker(String id, int slots) {
        return worker(WorkerOptions.newBuilder().setWorkerId(id).setSlots(slots));
    }

    Worker worker(WorkerOptions.Builder options) {
        Worker worker = Worker.start(
                options.setLeaderAddresses(leader.address())
                        .setHeartbeatInterval(Duration.ofMillis(200))
                        .build(),
                handler);
        workers.add(worker);
        return worker;
    }

    void awaitMembers(int alive) {
        await().atMost(WAIT)
                .until(() -> leader.members().stream()
                                .filter(m -> m.getStatus().startsWith("alive"))
                                .count()
                        == alive);
    }

    @Test
    void fourWorkersWithTwoSlotsEachRunEightOfSixteenTasksAtOnce() {
        for (int i = 1; i <= 4; i++) {
            worker("w" + i, 2);
        }
        awaitMembers(4);
        IntStream.rangeClosed(1, 16).forEach(i -> leader.tasks().schedule("t" + i, "block"));

        await().atMost(WAIT).until(() -> handler.concurrent.get() == 8);
        assertThat(leader.tasks().count(TaskStatus.TASK_STATUS_RUNNING)).isEqualTo(8);
        assertThat(leader.tasks().count(TaskStatus.TASK_STATUS_PENDING)).isEqualTo(8);
        assertThat(leader.members()).allSatisfy(m -> assertThat(m.getStatus()).isEqualTo("alive, busy 2/2"));

        handler.releaseAll();
        await().atMost(WAIT).until(() -> leader.tasks().count(TaskStatus.TASK_STATUS_COMPLETED) == 16);
        assertThat(handler.maxConcurrent.get()).isEqualTo(8);
        assertThat(handler.runs.values())
                .allSatisfy(runs -> assertThat(runs.get()).isEqualTo(1));
        assertThat(leader.tasks().get("t1").getResult()).isEqualTo("done t1 attempt 1");
    }

    @Test
    void cancellingARunningTaskReachesItsHandler() {
        worker("w1", 1);
        awaitMembers(1);
        leader.tasks().schedule("long", "block");
        await().atMost(WAIT).until(() -> handler.started.contains("long"));

        leader.tasks().cancel("long");

        await().atMost(WAIT).until(() -> handler.cancelled.contains("long"));
        await().atMost(WAIT).until(() -> handler.concurrent.get() == 0);
        assertThat(leader.tasks().get("long").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
        leader.tasks().schedule("next", "quick");
        await().atMost(WAIT).until(() -> leader.tasks().get("next").getStatus() == TaskStatus.TASK_STATUS_COMPLETED);
    }

    @Test
    void failuresAreRetriedUntilMaxAttemptsAndNonRetryableOnesEndAtOnce() {
        worker("w1", 2);
        awaitMembers(1);
        leader.tasks()
                .schedule(Task.newBuilder().setId("flaky").setPayload("fail").setMaxAttempts(3));
        leader.tasks()
                .schedule(Task.newBuilder()
                        .setId("doomed")
                        .setPayload("fail-permanently")
                        .setMaxAttempts(3));

        await().atMost(WAIT)
                .until(() -> leader.tasks().get("flaky").getStatus() == TaskStatus.TASK_STATUS_ERROR
                        && leader.tasks().get("doomed").getStatus() == TaskStatus.TASK_STATUS_ERROR);
        assertThat(leader.tasks().get("flaky").getAttempt()).isEqualTo(3);
        assertThat(leader.tasks().get("flaky").getError()).contains("failed on purpose, attempt 3");
        assertThat(leader.tasks().get("doomed").getAttempt()).isEqualTo(1);
        assertThat(leader.tasks().get("doomed").getError()).contains("cannot ever work");
        assertThat(handler.runs.get("flaky").get()).isEqualTo(3);
        assertThat(handler.runs.get("doomed").get()).isEqualTo(1);
    }

    @Test
    void drainingAWorkerLosesNothingAndRunsNothingTwice() {
        Worker draining = worker("a-draining", 2);
        awaitMembers(1);
        leader.tasks().schedule("r1", "block");
        leader.tasks().schedule("r2", "block");
        await().atMost(WAIT).until(() -> handler.concurrent.get() == 2);
        worker("b-other", 2);
        awaitMembers(2);
        IntStream.rangeClosed(1, 6).forEach(i -> leader.tasks().schedule("later" + i, "quick"));

        Thread drainer = new Thread(() -> draining.shutdown(Duration.ofSeconds(10)));
        drainer.start();
        await().atMost(WAIT)
                .until(() ->
                        leader.members().stream().anyMatch(m -> m.getStatus().contains("draining")));
        handler.releaseAll(); // the running tasks finish inside the grace

        await().atMost(WAIT).until(() -> leader.tasks().count(TaskStatus.TASK_STATUS_COMPLETED) == 8);
        await().atMost(WAIT).until(() -> !drainer.isAlive());
        assertThat(handler.runs.values())
                .allSatisfy(runs -> assertThat(runs.get()).isEqualTo(1));
        assertThat(leader.tasks().get("r1").getAttempt()).isEqualTo(1);
        assertThat(leader.members()).extracting(Member::getId).containsExactly("b-other");
    }

    @Test
    void libraryWorkersAndSeedPushWorkersSideBySideBothGetWork() {
        worker("stream-1", 1);
        worker(WorkerOptions.newBuilder()
                .setWorkerId("push-1")
                .setTransport(Transport.PUSH)
                .setPushListenPort(0));
        awaitMembers(2);
        leader.tasks().schedule("a", "block");
        leader.tasks().schedule("b", "block");

        await().atMost(WAIT).until(() -> handler.concurrent.get() == 2);
        assertThat(leader.members()).extracting(Member::getTransport).containsExactlyInAnyOrder("stream", "push");
        assertThat(List.of(
                        leader.tasks().get("a").getWorkerId(),
                        leader.tasks().get("b").getWorkerId()))
                .containsExactlyInAnyOrder("stream-1", "push-1");
        handler.releaseAll();
        await().atMost(WAIT).until(() -> leader.tasks().count(TaskStatus.TASK_STATUS_COMPLETED) == 2);
    }
}
