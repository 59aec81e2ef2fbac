package dev.workcluster.leader.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.state.proto.StateSnapshot;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RecordingWorker;
import dev.workcluster.leader.testing.TaskPages;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node that snapshots every 50 entries restarts (snapshot + log tail) into exactly the state it had. */
class SnapshotRestartTest {
    private static final int TASKS = 5_000;
    private static final int MORE_TASKS = 200;
    private static final int IN_FLIGHT = 200;
    private static final int MEMBERS = 3;
    private static final int WORKER_ACTIONS = 60;
    private static final UnaryOperator<LeaderConfig> HEAVY_SNAPSHOTS =
            c -> c.withSnapshotEvery(50).withHeartbeatTimeout(Duration.ofMinutes(5)); // nobody expires mid-test

    @TempDir
    Path dir;

    @Test
    void restartRestoresEveryTaskExactlyAndKeepsScheduling() throws Exception {
        List<Task> before;
        long firstRunLastIndex;
        try (RecordingWorker worker = RecordingWorker.start()) {
            try (LeaderFixture leader = LeaderFixture.start(dir, HEAVY_SNAPSHOTS)) {
                schedule(leader, 0, TASKS);
                for (int m = 1; m <= MEMBERS; m++) {
                    leader.cluster()
                            .join(JoinRequest.newBuilder()
                                    .setId("w-" + m)
                                    .setAddress(worker.address())
                                    .build());
                }
                playWorker(leader, worker);
                for (int i = TASKS / 2 + 1; i < TASKS; i += 10) { // one log entry each: many snapshots
                    leader.scheduler()
                            .cancelTask(
                                    CancelTaskRequest.newBuilder().setId(id(i)).build());
                }
                // Quiet state: every slot taken, so the dispatcher has nothing left to commit.
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> leader.scheduler()
                                        .getTasks(GetTasksRequest.newBuilder()
                                                .setStatus(TaskStatus.TASK_STATUS_RUNNING)
                                                .build())
                                        .getTasksCount()
                                == MEMBERS);
                before = TaskPages.all(leader::scheduler, 700);
                assertThat(before).hasSize(TASKS);
                assertThat(before)
                        .extracting(Task::getStatus)
                        .contains(
                                TaskStatus.TASK_STATUS_PENDING,
                                TaskStatus.TASK_STATUS_RUNNING,
                                TaskStatus.TASK_STATUS_COMPLETED,
                                TaskStatus.TASK_STATUS_CANCELLED,
                                TaskStatus.TASK_STATUS_ERROR);
                assertThat(before)
                        .as("a failed task was retried")
                        .anySatisfy(t -> assertThat(t.getAttempt()).isGreaterThan(1));
                firstRunLastIndex = leader.server().raftStatus().appliedIndex();
            }
            assertSnapshotsOnDisk(before.size());
            assertThat(firstLogIndexOnDisk())
                    .as("first log index on disk after the first run")
                    .isLessThanOrEqualTo(firstRunLastIndex);

            try (LeaderFixture restarted = LeaderFixture.start(dir, HEAVY_SNAPSHOTS)) {
                assertThat(TaskPages.all(restarted::scheduler, 700)).containsExactlyElementsOf(before);
                assertThat(restarted
                                .scheduler()
                                .getTasks(GetTasksRequest.getDefaultInstance())
                                .getTasksList())
                        .as("unpaged listing (cap 10,000)")
                        .containsExactlyElementsOf(before);

                schedule(restarted, TASKS, MORE_TASKS);
                assertFirstRunLogIsPurged(restarted, before, firstRunLastIndex);
                List<Task> after = TaskPages.all(restarted::scheduler, 1000);
                assertThat(after).hasSize(TASKS + MORE_TASKS);
                assertThat(after.subList(0, TASKS)).containsExactlyElementsOf(before);
                assertThat(after.subList(TASKS, after.size())).allSatisfy(t -> {
                    assertThat(t.getId()).startsWith("task-");
                    assertThat(Integer.parseInt(t.getId().substring(5))).isGreaterThanOrEqualTo(TASKS);
                    assertThat(t.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_PENDING);
                });
            }
        }
    }

    /** Schedules tasks from..from+count with at most IN_FLIGHT calls outstanding. */
    private static void schedule(LeaderFixture leader, int from, int count) throws Exception {
        Semaphore permits = new Semaphore(IN_FLIGHT);
        List<ListenableFuture<ScheduleTaskResponse>> calls = new ArrayList<>(count);
        SchedulerServiceGrpc.SchedulerServiceFutureStub stub = SchedulerServiceGrpc.newFutureStub(leader.channel());
        for (int i = from; i < from + count; i++) {
            permits.acquire();
            var call = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .scheduleTask(ScheduleTaskRequest.newBuilder()
                            .setTask(Task.newBuilder()
                                    .setId(id(i))
                                    .setPayload("payload " + i + " é✓ " + "z".repeat(i % 64))
                                    .setPriority(TaskPriority.forNumber(i % 4))
                                    .setMaxAttempts(i % 3))
                            .build());
            call.addListener(permits::release, MoreExecutors.directExecutor());
            calls.add(call);
        }
        for (var call : calls) {
            assertThat(call.get(30, TimeUnit.SECONDS).getTask().getStatus()).isEqualTo(TaskStatus.TASK_STATUS_PENDING);
        }
    }

    /**
     * Ends started tasks every way there is: success, failure (retry or ERROR), cancel while running. Which task
     * gets which ending depends on its own attempts, not on the order the starts arrive in: the first task started
     * with an attempt to spare fails and is retried, the first on its last attempt fails into ERROR.
     */
    private static void playWorker(LeaderFixture leader, RecordingWorker worker) throws InterruptedException {
        boolean retried = false;
        boolean exhausted = false;
        for (int k = 0; k < WORKER_ACTIONS; k++) {
            String id = worker.takeStarted(Duration.ofSeconds(10));
            Task task = leader.scheduler()
                    .getTask(GetTaskRequest.newBuilder().setId(id).build())
                    .getTask();
            boolean lastAttempt = task.getAttempt() >= task.getMaxAttempts();
            boolean fail = lastAttempt ? !exhausted : !retried;
            retried |= fail && !lastAttempt;
            exhausted |= fail && lastAttempt;
            switch (fail ? 1 : k % 3) {
                case 0 ->
                    leader.scheduler()
                            .taskComplete(TaskCompleteRequest.newBuilder()
                                    .setId(id)
                                    .setResult("ok " + k)
                                    .build());
                case 1 ->
                    leader.scheduler()
                            .taskComplete(TaskCompleteRequest.newBuilder()
                                    .setId(id)
                                    .setError("boom " + k)
                                    .build());
                default ->
                    leader.scheduler()
                            .cancelTask(CancelTaskRequest.newBuilder().setId(id).build());
            }
        }
        assertThat(retried).as("a task with an attempt to spare was failed").isTrue();
        assertThat(exhausted).as("a task on its last attempt was failed").isTrue();
    }

    /**
     * With purge-up-to-snapshot on, Ratis deletes a closed segment once a snapshot it has been told about covers it
     * and lies at least the purge gap (the snapshot interval, 50 here) past the last purge. It hears of a snapshot
     * only when it asks for the next one, which it does only after applying more entries: so no-op cancels (one log
     * entry each, state unchanged) go in until no entry of the first run is left on disk.
     */
    private void assertFirstRunLogIsPurged(LeaderFixture leader, List<Task> before, long firstRunLastIndex)
            throws Exception {
        String cancelled = before.stream()
                .filter(t -> t.getStatus() == TaskStatus.TASK_STATUS_CANCELLED)
                .findFirst()
                .orElseThrow()
                .getId();
        for (int proposed = 0; firstLogIndexOnDisk() <= firstRunLastIndex; proposed++) {
            assertThat(proposed)
                    .as("log entries proposed waiting for the purge of the first run's log (up to index "
                            + firstRunLastIndex + "); on disk: " + files("current", "log_.*"))
                    .isLessThan(2_000);
            leader.scheduler()
                    .cancelTask(CancelTaskRequest.newBuilder().setId(cancelled).build());
        }
        assertThat(files("sm", "snapshot\\.\\d+_\\d+"))
                .as("a snapshot covers the purged log")
                .anySatisfy(snapshot -> assertThat(index(snapshot)).isGreaterThanOrEqualTo(firstRunLastIndex));
    }

    /** The lowest log index a segment file holds: START of {@code log_START-END} or {@code log_inprogress_START}. */
    private long firstLogIndexOnDisk() throws Exception {
        return files("current", "log_(inprogress_)?\\d+(-\\d+)?").stream()
                .mapToLong(segment ->
                        Long.parseLong(segment.getFileName().toString().replaceAll("^\\D*(\\d+).*$", "$1")))
                .min()
                .orElse(Long.MAX_VALUE);
    }

    /** Files named like {@code regex} in raft/GROUP/{@code folder}, highest index (after '_' or '-') first. */
    private List<Path> files(String folder, String regex) throws Exception {
        Path group;
        try (Stream<Path> groups = Files.list(dir.resolve("raft"))) {
            group = groups.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        try (Stream<Path> files = Files.list(group.resolve(folder))) { // Ratis may delete files meanwhile
            return files.filter(p -> p.getFileName().toString().matches(regex))
                    .sorted(Comparator.comparingLong(SnapshotRestartTest::index).reversed())
                    .toList();
        }
    }

    /** Ratis layout: raft/GROUP/sm/snapshot.TERM_INDEX with snapshot.TERM_INDEX.md5 beside it. */
    private void assertSnapshotsOnDisk(int tasks) throws Exception {
        List<Path> snapshots = files("sm", "snapshot\\.\\d+_\\d+");
        assertThat(snapshots).as("snapshot files").isNotEmpty();
        for (Path snapshot : snapshots) {
            Path md5 = snapshot.resolveSibling(snapshot.getFileName() + ".md5");
            assertThat(md5).exists();
            String expected =
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(snapshot)));
            assertThat(Files.readString(md5, StandardCharsets.UTF_8)).startsWith(expected);
        }
        Path latest = snapshots.get(0);
        assertThat(index(latest)).as("latest snapshot index").isGreaterThan(250);
        try (InputStream in = Files.newInputStream(latest)) {
            assertThat(StateSnapshot.parseFrom(in).getTasksCount())
                    .as("tasks in " + latest.getFileName())
                    .isEqualTo(tasks);
        }
    }

    /** TERM_INDEX of a snapshot, END of a closed segment START-END. */
    private static long index(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(Math.max(name.lastIndexOf('_'), name.lastIndexOf('-')) + 1));
    }

    private static String id(int i) {
        return "task-" + i;
    }
}
