package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.workcluster.cli.CliRun;
import dev.workcluster.proto.scheduler.v1.GetQueuesRequest;
import dev.workcluster.proto.scheduler.v1.GetQueuesResponse;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.Queue;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code queues list/get/set} against a real leader and worker ({@code w1}, four slots, every queue), and the queue
 * a task names through {@code schedule --queue}, {@code schedules create --queue}, {@code task} and {@code tasks}.
 * Each test sets its queues back to the defaults and ends its tasks, so that no queue outlives it.
 */
class QueuesCommandTest {
    @RegisterExtension
    static final OneWorkerCluster cluster = new OneWorkerCluster("cli-queues", 4);

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    static CliRun queues(String verb, String... words) {
        return CliRun.of(Stream.concat(Stream.of("queues", verb, cluster.leaderFlag()), Stream.of(words))
                .toArray(String[]::new));
    }

    static CliRun cli(String... words) {
        return CliRun.of(
                Stream.concat(Stream.of(words), Stream.of(cluster.leaderFlag())).toArray(String[]::new));
    }

    /** The queue as the leader holds it now, read without the CLI; empty when it does not exist. */
    static Optional<Queue> stored(String name) {
        return cluster.tasks().scheduler().getQueues(GetQueuesRequest.getDefaultInstance()).getQueuesList().stream()
                .filter(queue -> queue.getName().equals(name))
                .findFirst();
    }

    /** What {@code queues get} and {@code queues set} print. */
    static String fields(String name, String weight, String maxRunning, int pending, int running, int scheduled) {
        return "FIELD        VALUE\n" + field("name", name) + field("weight", weight) + field("max running", maxRunning)
                + field("pending", pending) + field("running", running) + field("scheduled", scheduled);
    }

    private static String field(String field, Object value) {
        return String.format(Locale.ROOT, "%-13s%s\n", field, value);
    }

    static <B extends Message.Builder> B parse(String json, B builder) throws Exception {
        JsonFormat.parser().merge(json, builder);
        return builder;
    }

    /** Back to the defaults, which forgets the queue's settings. */
    static void forget(String name) {
        CliRun reset = queues("set", name, "--weight", "1", "--max-running", "0");
        assertThat(reset.exit()).as(reset.err()).isZero();
    }

    @Test
    void aVerbIsRequired() {
        CliRun none = CliRun.of("queues");
        CliRun unknown = CliRun.of("queues", "delete", "x");

        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).startsWith("Missing required subcommand\nUsage: workcluster queues ");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched arguments from index 1: 'delete', 'x'");
    }

    @Test
    void setPrintsTheQueueAndGetAndListShowIt() {
        CliRun set = queues("set", "reports", "--weight", "3", "--max-running", "20");

        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo(fields("reports", "3", "20", 0, 0, 0));
        assertThat(stored("reports"))
                .hasValueSatisfying(
                        queue -> assertThat(queue).returns(3, Queue::getWeight).returns(20, Queue::getMaxRunning));
        CliRun get = queues("get", "reports");
        assertThat(get.exit()).as(get.err()).isZero();
        assertThat(get.out()).isEqualTo(set.out());
        CliRun list = queues("list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow())
                .matches("NAME +WEIGHT +MAX-RUNNING +PENDING +RUNNING +SCHEDULED");
        assertThat(list.out()).containsPattern("\nreports +3 +20 +0 +0 +0\n");

        forget("reports");
    }

    @Test
    void aFlagLeftOutKeepsTheQueuesValue() {
        assertThat(queues("set", "kept", "--weight", "4", "--max-running", "5").exit())
                .isZero();

        CliRun weight = queues("set", "kept", "--weight", "7");
        assertThat(weight.exit()).as(weight.err()).isZero();
        assertThat(weight.out()).isEqualTo(fields("kept", "7", "5", 0, 0, 0));

        CliRun limit = queues("set", "kept", "--max-running", "0");
        assertThat(limit.exit()).as(limit.err()).isZero();
        assertThat(limit.out()).isEqualTo(fields("kept", "7", "no limit", 0, 0, 0));
        assertThat(stored("kept")).map(Queue::getWeight).contains(7);
        assertThat(queues("list").out()).containsPattern("\nkept +7 +- +0 +0 +0\n");

        CliRun fresh = queues("set", "fresh", "--max-running", "2");
        assertThat(fresh.exit()).as(fresh.err()).isZero();
        assertThat(fresh.out())
                .as("a queue that did not exist starts from the defaults")
                .isEqualTo(fields("fresh", "1", "2", 0, 0, 0));

        forget("kept");
        forget("fresh");
    }

    @Test
    void theDefaultsForgetAQueueWhichThenIsNotFound() {
        assertThat(queues("set", "gone", "--weight", "2").exit()).isZero();

        CliRun reset = queues("set", "gone", "--weight", "1", "--max-running", "0");

        assertThat(reset.exit()).as(reset.err()).isZero();
        assertThat(reset.out()).isEqualTo(fields("gone", "1", "no limit", 0, 0, 0));
        assertThat(stored("gone")).isEmpty();
        CliRun get = queues("get", "gone");
        assertThat(get.exit()).isEqualTo(1);
        assertThat(get.out()).isEmpty();
        assertThat(get.err())
                .isEqualTo("error: queue 'gone' not found: it is not configured and holds no unfinished task "
                        + "(NOT_FOUND)\n");
        assertThat(queues("list").out()).doesNotContain("\ngone ");
    }

    @Test
    void jsonOutputParsesBackIntoTheWireMessages() throws Exception {
        CliRun set = queues("set", "as-json", "--weight", "2", "--max-running", "3", "-o", "json");

        assertThat(set.exit()).as(set.err()).isZero();
        Queue printed = parse(set.out(), Queue.newBuilder()).build();
        assertThat(printed).isEqualTo(stored("as-json").orElseThrow());
        assertThat(printed)
                .returns("as-json", Queue::getName)
                .returns(2, Queue::getWeight)
                .returns(3, Queue::getMaxRunning);
        assertThat(set.out()).contains("\"max_running\": 3");
        assertThat(parse(queues("get", "as-json", "-o", "json").out(), Queue.newBuilder())
                        .build())
                .isEqualTo(printed);
        GetQueuesResponse listed = parse(queues("list", "-o", "json").out(), GetQueuesResponse.newBuilder())
                .build();
        assertThat(listed.getQueuesList()).contains(printed);
        assertThat(listed.getQueuesList()).extracting(Queue::getName).isSorted();

        forget("as-json");
    }

    @Test
    void tasksScheduledWithQueueAreCountedInItAndShowItInTaskAndTasks() throws Exception {
        List<String> ids = List.of("counted-1", "counted-2", "counted-3", "counted-later");
        try {
            // One at a time: the worker's four slots would run all three otherwise.
            assertThat(queues("set", "counted", "--max-running", "1").exit()).isZero();
            for (String id : ids.subList(0, 3)) {
                CliRun scheduled = cli("schedule", "--queue", "counted", "--id", id, "block");
                assertThat(scheduled.exit()).as(scheduled.err()).isZero();
            }
            CliRun later = cli("schedule", "--queue", "counted", "--id", "counted-later", "--delay", "1h", "x");
            assertThat(later.exit()).as(later.err()).isZero();

            await().atMost(DEADLINE).until(() -> stored("counted").orElseThrow().getRunning() == 1);
            CliRun list = queues("list");
            assertThat(list.out()).containsPattern("\ncounted +1 +1 +2 +1 +1\n");
            assertThat(queues("get", "counted").out()).isEqualTo(fields("counted", "1", "1", 2, 1, 1));

            assertThat(cli("task", "counted-later").out()).contains("\nqueue     counted\n");
            CliRun tasks = cli("tasks");
            assertThat(tasks.out().lines().findFirst().orElseThrow())
                    .startsWith("ID  ")
                    .contains("  QUEUE  ");
            assertThat(tasks.out())
                    .containsPattern("\ncounted-1 +counted +unspecified +running +w1 ")
                    .containsPattern("\ncounted-later +counted +unspecified +scheduled +- ");
            GetTasksResponse json = parse(cli("tasks", "-o", "json").out(), GetTasksResponse.newBuilder())
                    .build();
            assertThat(json.getTasksList())
                    .filteredOn(task -> ids.contains(task.getId()))
                    .hasSize(4)
                    .extracting(Task::getQueue)
                    .containsOnly("counted");
        } finally {
            assertThat(CliRun.of(Stream.concat(Stream.of("cancel", cluster.leaderFlag()), ids.stream())
                                    .toArray(String[]::new))
                            .exit())
                    .isZero();
            forget("counted");
        }
        // Neither configured nor holding unfinished tasks: gone.
        await().atMost(DEADLINE).until(() -> queues("get", "counted").exit() == 1);
        assertThat(stored("counted")).isEmpty();
    }

    @Test
    void aTaskWithoutQueueIsInTheDefaultQueue() {
        CliRun scheduled = cli("schedule", "--wait", "--id", "unqueued", "echo:hi");

        assertThat(scheduled.exit()).as(scheduled.err()).isZero();
        assertThat(cluster.tasks().get("unqueued").getQueue()).isEqualTo("default");
        assertThat(cli("task", "unqueued").out()).contains("\nqueue     default\n");
    }

    @Test
    void aRecurringSchedulesTasksTakeItsQueue() throws Exception {
        CliRun created = cli(
                "schedules", "create", "queued-tick", "--every", "1s", "--queue", "ticks", "--payload", "echo:tick");
        assertThat(created.exit()).as(created.err()).isZero();

        try {
            await().atMost(DEADLINE)
                    .until(() -> !cluster.tasks()
                            .inStatus(TaskStatus.TASK_STATUS_COMPLETED, "queued-tick@")
                            .isEmpty());
            assertThat(cluster.tasks().inStatus(TaskStatus.TASK_STATUS_COMPLETED, "queued-tick@"))
                    .allSatisfy(task -> assertThat(task.getQueue()).isEqualTo("ticks"));
            RecurringSchedule stored = parse(
                            cli("schedules", "get", "queued-tick", "-o", "json").out(), RecurringSchedule.newBuilder())
                    .build();
            assertThat(stored.getTask().getQueue()).isEqualTo("ticks");
            assertThat(cli("schedules", "get", "queued-tick").out()).containsPattern("\nqueue +ticks\n");
        } finally {
            assertThat(cli("schedules", "delete", "queued-tick").exit()).isZero();
        }
    }
}
