package dev.workcluster.leader.durability;

import static dev.workcluster.proto.scheduler.v1.TaskStatus.TASK_STATUS_CANCELLED;
import static dev.workcluster.proto.scheduler.v1.TaskStatus.TASK_STATUS_COMPLETED;
import static dev.workcluster.proto.scheduler.v1.TaskStatus.TASK_STATUS_ERROR;
import static dev.workcluster.proto.scheduler.v1.TaskStatus.TASK_STATUS_PENDING;
import static dev.workcluster.proto.scheduler.v1.TaskStatus.TASK_STATUS_RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.workcluster.leader.testing.LeaderProcess;
import dev.workcluster.leader.testing.RecordingWorker;
import dev.workcluster.leader.testing.TaskPages;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskResponse;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A leader killed with SIGKILL mid-write loses nothing it acknowledged, and no acknowledged status change. */
class KillNineDurabilityTest {
    private static final int INITIAL_TASKS = 300;
    private static final int MEMBERS = 4;
    private static final int WORKER_ACTIONS = 16;
    private static final int CONCURRENT_CLIENTS = 3;
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMinutes(5); // nobody expires during the test
    private static final Set<TaskStatus> QUEUED_OR_RUNNING = Set.of(TASK_STATUS_PENDING, TASK_STATUS_RUNNING);

    @TempDir
    Path dir;

    private final AcknowledgedTasks acked = new AcknowledgedTasks();
    private final Set<String> actedOn = ConcurrentHashMap.newKeySet();

    @Test
    void everyAcknowledgedTaskSurvivesSigkillWithItsLastAcknowledgedStatus() throws Exception {
        Path data = dir.resolve("data");
        LeaderProcess.Ports ports = LeaderProcess.Ports.free();
        try (RecordingWorker worker = RecordingWorker.start()) {
            try (LeaderProcess first = startLeader(data, ports, "first")) {
                scheduleAll(first, INITIAL_TASKS);
                for (int m = 1; m <= MEMBERS; m++) {
                    first.cluster()
                            .join(JoinRequest.newBuilder()
                                    .setId("w-" + m)
                                    .setAddress(worker.address())
                                    .build());
                }
                List<String> cancelledWhileRunning = actOnStartedTasks(first, worker);
                cancelSomePending(first);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> worker.stopped().containsAll(cancelledWhileRunning));
                assertThat(acked.all())
                        .extracting(AcknowledgedTasks.Promise::allowed)
                        .contains(Set.of(TASK_STATUS_COMPLETED), Set.of(TASK_STATUS_CANCELLED), QUEUED_OR_RUNNING);

                int lateAcks = killWhileScheduling(first);
                assertThat(lateAcks)
                        .as("tasks acknowledged by the concurrent clients before the kill")
                        .isGreaterThanOrEqualTo(150);
            }
            try (LeaderProcess second = startLeader(data, ports, "second")) {
                assertRestoredState(second, worker);
            }
        }
    }

    private LeaderProcess startLeader(Path data, LeaderProcess.Ports ports, String name) throws Exception {
        return LeaderProcess.start(
                data, ports, 64, HEARTBEAT_TIMEOUT, dir.resolve(name + ".stderr.log"), Duration.ofSeconds(45));
    }

    /** Schedules INITIAL_TASKS concurrently; only HIGH ones (every third) will start while we watch. */
    private void scheduleAll(LeaderProcess leader, int count) throws Exception {
        List<Task> tasks = new ArrayList<>();
        List<ListenableFuture<ScheduleTaskResponse>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(task("t-" + i, i));
            calls.add(leader.schedulerAsync()
                    .scheduleTask(ScheduleTaskRequest.newBuilder()
                            .setTask(tasks.get(i))
                            .build()));
        }
        for (int i = 0; i < count; i++) {
            assertThat(calls.get(i).get(30, TimeUnit.SECONDS).getTask().getStatus())
                    .isEqualTo(TASK_STATUS_PENDING);
            acked.ack(tasks.get(i), QUEUED_OR_RUNNING, 1);
        }
    }

    /** Plays the worker: completes, fails and cancels tasks as StartWork calls arrive. */
    private List<String> actOnStartedTasks(LeaderProcess leader, RecordingWorker worker) throws InterruptedException {
        List<String> cancelledWhileRunning = new ArrayList<>();
        for (int k = 0; k < WORKER_ACTIONS; k++) {
            String id = worker.takeStarted(Duration.ofSeconds(10));
            actedOn.add(id);
            Task sent = acked.get(id).sent();
            int attempt = acked.get(id).minAttempt();
            TaskCompleteRequest.Builder complete =
                    TaskCompleteRequest.newBuilder().setId(id);
            switch (k % 4) {
                case 0, 1 -> {
                    leader.scheduler()
                            .taskComplete(complete.setResult("done " + k).build());
                    acked.ack(sent, Set.of(TASK_STATUS_COMPLETED), attempt);
                }
                case 2 -> {
                    assertThat(cancel(leader, id).getStatus()).isEqualTo(TASK_STATUS_CANCELLED);
                    acked.ack(sent, Set.of(TASK_STATUS_CANCELLED), attempt);
                    cancelledWhileRunning.add(id);
                }
                default -> { // a failed attempt: retried while attempts remain, else ERROR
                    leader.scheduler()
                            .taskComplete(complete.setError("boom " + k).build());
                    boolean retried = attempt < AcknowledgedTasks.maxAttempts(sent);
                    acked.ack(
                            sent,
                            retried ? QUEUED_OR_RUNNING : Set.of(TASK_STATUS_ERROR),
                            retried ? attempt + 1 : attempt);
                }
            }
        }
        return cancelledWhileRunning;
    }

    /** Cancels queued LOW tasks from the back of the queue, which never start in this test. */
    private void cancelSomePending(LeaderProcess leader) {
        for (int i = INITIAL_TASKS - 2; i >= INITIAL_TASKS - 100; i -= 6) {
            assertThat(cancel(leader, "t-" + i).getStatus()).isEqualTo(TASK_STATUS_CANCELLED);
            acked.ack(acked.get("t-" + i).sent(), Set.of(TASK_STATUS_CANCELLED), 1);
        }
    }

    /** SIGKILLs the leader while CONCURRENT_CLIENTS threads keep scheduling; returns how many they got acknowledged. */
    private int killWhileScheduling(LeaderProcess leader) throws InterruptedException {
        AtomicBoolean killing = new AtomicBoolean();
        AtomicInteger lateAcks = new AtomicInteger();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_CLIENTS);
        for (int c = 0; c < CONCURRENT_CLIENTS; c++) {
            int client = c;
            clients.execute(() -> {
                for (int n = 0; ; n++) {
                    Task task = task("late-" + client + "-" + n, n);
                    try {
                        leader.scheduler()
                                .scheduleTask(ScheduleTaskRequest.newBuilder()
                                        .setTask(task)
                                        .build());
                    } catch (StatusRuntimeException e) {
                        if (!killing.get()) {
                            unexpected.add(e);
                        }
                        return; // in flight at the kill: unknown outcome, so not counted
                    }
                    acked.ack(task, QUEUED_OR_RUNNING, 1);
                    lateAcks.incrementAndGet();
                }
            });
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> lateAcks.get() >= 150 || !unexpected.isEmpty());
        killing.set(true);
        assertThat(leader.kill()).as("exit status of a SIGKILLed JVM").isEqualTo(LeaderProcess.SIGKILL_EXIT);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS))
                .as("clients notice the kill")
                .isTrue();
        assertThat(unexpected).as("failures before the kill").isEmpty();
        return lateAcks.get();
    }

    private void assertRestoredState(LeaderProcess leader, RecordingWorker worker) {
        // StartWork is only sent after the assignment committed, so a start we saw and did not end stays RUNNING.
        // (Read before listing: starts by the new node are then committed before the listing, too.)
        Set<String> runningOnWorker = new HashSet<>(worker.started());
        runningOnWorker.removeAll(actedOn);
        Map<String, Task> restored = TaskPages.all(leader::scheduler, 128).stream()
                .collect(Collectors.toMap(Task::getId, Function.identity()));
        List<String> problems = new ArrayList<>(acked.brokenBy(restored));
        assertThat(runningOnWorker).isNotEmpty();
        runningOnWorker.forEach(id -> {
            if (restored.containsKey(id) && restored.get(id).getStatus() != TASK_STATUS_RUNNING) {
                problems.add(id + ": started on a worker and never ended, but restored as " + restored.get(id));
            }
        });
        assertThat(problems).as("%d acknowledged tasks checked", acked.size()).isEmpty();

        List<Member> members =
                leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList();
        assertThat(members).extracting(Member::getId).containsExactlyInAnyOrder("w-1", "w-2", "w-3", "w-4");
        assertThat(members).allSatisfy(m -> assertThat(m.getState()).isEqualTo(MemberState.MEMBER_STATE_ALIVE));

        Task fresh = task("after-restart", 1);
        assertThat(leader.scheduler()
                        .scheduleTask(
                                ScheduleTaskRequest.newBuilder().setTask(fresh).build())
                        .getTask()
                        .getPayload())
                .isEqualTo(fresh.getPayload());
        assertThat(TaskPages.all(leader::scheduler, 1000))
                .extracting(Task::getId)
                .contains("after-restart");
    }

    private static Task cancel(LeaderProcess leader, String id) {
        return leader.scheduler()
                .cancelTask(CancelTaskRequest.newBuilder().setId(id).build())
                .getTask();
    }

    private static Task task(String id, int i) {
        TaskPriority priority = switch (i % 3) {
            case 0 -> TaskPriority.TASK_PRIORITY_HIGH;
            case 1 -> TaskPriority.TASK_PRIORITY_LOW;
            default -> i % 2 == 0 ? TaskPriority.TASK_PRIORITY_MEDIUM : TaskPriority.TASK_PRIORITY_UNSPECIFIED;
        };
        int maxAttempts = i % 2 == 0 ? 1 : i % 5 == 0 ? 5 : 0;
        return Task.newBuilder()
                .setId(id)
                .setPayload("payload of " + id + " ✓ " + "x".repeat(i % 40))
                .setPriority(priority)
                .setMaxAttempts(maxAttempts)
                .build();
    }
}
