package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Watches against a real leader and a library worker with one slot (so a task can be held
 * PENDING behind another): the steps of a task, filters, poll's timeout. What a watch holds for
 * a consumer that does not read, how watches end, and their bad inputs: {@link TaskWatchEndsTest}.
 */
class TaskWatchTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Tasks whose payload starts with "hold:" run until their gate opens. */
    private static final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    @RegisterExtension
    static final LeaderWithClient fixture = new LeaderWithClient("client-watch");

    @BeforeAll
    static void startWorkers() throws Exception {
        fixture.cluster()
                .startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(1), context -> {
                    String payload = context.payload();
                    if (payload.startsWith("hold:")) {
                        while (!gate(payload).await(50, TimeUnit.MILLISECONDS)) {
                            context.throwIfCancelled();
                        }
                    }
                    if (payload.startsWith("fail")) {
                        throw new NonRetryableTaskException("failed as asked");
                    }
                    return "did " + payload;
                });
    }

    @AfterAll
    static void releaseHandlers() {
        gates.values().forEach(CountDownLatch::countDown);
    }

    @Test
    void seesATaskGoFromPendingThroughRunningToCompleted() throws Exception {
        try (TaskWatch watch = fixture.client().watch(Set.of())) {
            fixture.client().schedule(TaskSpec.of("hold:steps").withId("w-hold-steps"));
            statesUntil(watch, "w-hold-steps", TaskState.RUNNING); // the only slot is taken
            fixture.client().schedule(TaskSpec.of("steps").withId("w-steps"));
            List<TaskState> steps = new ArrayList<>(statesUntil(watch, "w-steps", TaskState.PENDING));
            gate("hold:steps").countDown();
            steps.addAll(statesUntil(watch, "w-steps", TaskState.COMPLETED));

            assertThat(steps).containsExactly(TaskState.PENDING, TaskState.RUNNING, TaskState.COMPLETED);
        }
    }

    @Test
    void aWatchOfSomeStatesYieldsOnlyTasksInThem() throws Exception {
        try (TaskWatch finished = fixture.client().watch(Set.of(TaskState.COMPLETED, TaskState.ERROR))) {
            fixture.client().schedule(TaskSpec.of("ok").withId("w-f-ok"));
            fixture.client().schedule(TaskSpec.of("fail, as asked").withId("w-f-fail"));
            List<TaskState> yielded = new ArrayList<>();
            Map<String, TaskState> ours = new HashMap<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (ours.size() < 2 && System.nanoTime() < deadline) {
                finished.poll(Duration.ofSeconds(1)).ifPresent(task -> {
                    yielded.add(task.state());
                    if (task.id().startsWith("w-f-")) {
                        ours.put(task.id(), task.state());
                    }
                });
            }
            assertThat(ours).containsEntry("w-f-ok", TaskState.COMPLETED).containsEntry("w-f-fail", TaskState.ERROR);
            assertThat(yielded).allMatch(state -> state == TaskState.COMPLETED || state == TaskState.ERROR);
        }
    }

    @Test
    void pollWaitsNoLongerThanItsTimeout() throws Exception {
        try (TaskWatch watch = fixture.client().watch(Set.of(TaskState.CANCELLED))) {
            long start = System.nanoTime();
            Optional<TaskInfo> none = watch.poll(Duration.ofMillis(300));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(none).isEmpty();
            assertThat(tookMillis).isBetween(300L, 5_000L);
        }
    }

    /** The states {@code id} is yielded in, up to and including {@code last}. */
    private static List<TaskState> statesUntil(TaskWatch watch, String id, TaskState last) throws InterruptedException {
        List<TaskState> states = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<TaskInfo> task = watch.poll(Duration.ofSeconds(1));
            if (task.isPresent() && task.get().id().equals(id)) {
                states.add(task.get().state());
                if (task.get().state() == last) {
                    return states;
                }
            }
        }
        throw new AssertionError(id + " not " + last + " within " + WAIT + "; seen " + states);
    }

    private static CountDownLatch gate(String payload) {
        return gates.computeIfAbsent(payload, key -> new CountDownLatch(1));
    }
}
