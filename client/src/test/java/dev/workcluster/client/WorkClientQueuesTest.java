package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Named queues through the client against a real leader, whose one library worker, {@code mail}, takes the queues
 * {@code emails}, {@code default} and {@code limited} only: a spec's queue goes with the task and comes back in
 * {@link TaskInfo#queue}, a task of a queue no worker takes waits with the leader's warning, and {@link
 * WorkClient#queues}, {@link WorkClient#queue} and {@link WorkClient#setQueue} read and set queues, with the
 * cluster's refusals as typed exceptions.
 */
class WorkClientQueuesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final CountDownLatch release = new CountDownLatch(1);

    @RegisterExtension
    static final LeaderWithClient fixture = new LeaderWithClient("client-queues");

    @BeforeAll
    static void startWorker() {
        fixture.cluster()
                .startWorker(
                        WorkerOptions.newBuilder()
                                .setWorkerId("mail")
                                .setSlots(4)
                                .setQueues("emails", "default", "limited"),
                        context -> {
                            if (context.payload().equals("block")) {
                                while (!release.await(50, TimeUnit.MILLISECONDS)) {
                                    context.throwIfCancelled();
                                }
                            }
                            return "did " + context.payload();
                        });
        // Alive before the first test, so the leader's warnings count it.
        await().atMost(WAIT)
                .until(() -> fixture.cluster().members().stream()
                        .anyMatch(member ->
                                member.getId().equals("mail") && member.getState() == MemberState.MEMBER_STATE_ALIVE));
    }

    @AfterAll
    static void releaseHandlers() {
        release.countDown();
    }

    private static WorkClient client() {
        return fixture.client();
    }

    @Test
    void aTaskRunsInTheQueueItsSpecNamesAndOneWithoutWaitsInTheDefaultQueue() throws Exception {
        TaskInfo mail =
                client().schedule(TaskSpec.of("welcome").withId("q-mail").withQueue("emails"));
        TaskInfo plain = client().schedule(TaskSpec.of("plain").withId("q-plain"));

        assertThat(mail.queue()).isEqualTo("emails");
        assertThat(plain.queue()).isEqualTo("default");
        assertThat(client().awaitResult("q-mail", WAIT)
                        .get(30, TimeUnit.SECONDS)
                        .result())
                .isEqualTo("did welcome");
        assertThat(client().awaitResult("q-plain", WAIT)
                        .get(30, TimeUnit.SECONDS)
                        .succeeded())
                .isTrue();
        assertThat(client().get("q-mail")).returns("emails", TaskInfo::queue).returns("mail", TaskInfo::workerId);
        assertThat(client().list(TaskState.COMPLETED, null, 100).tasks())
                .filteredOn(task -> task.id().equals("q-mail"))
                .singleElement()
                .returns("emails", TaskInfo::queue);
    }

    @Test
    void aTaskOfAQueueNoWorkerTakesWaitsWithTheLeadersWarning() {
        TaskInfo stored =
                client().schedule(TaskSpec.of("never").withId("q-orphan").withQueue("orphans"));
        try {
            String warning = "no alive worker takes queue 'orphans' (1 worker alive)";
            assertThat(stored.state()).isEqualTo(TaskState.PENDING);
            assertThat(stored.warning()).as("said at once").isEqualTo(warning);
            assertThat(client().get("q-orphan").warning()).isEqualTo(warning);
            assertThat(client().queue("orphans"))
                    .hasValueSatisfying(queue -> assertThat(queue)
                            .returns(1, QueueInfo::pending)
                            .returns(0, QueueInfo::running)
                            .returns(1, QueueInfo::weight)
                            .returns(0, QueueInfo::maxRunning));
        } finally {
            client().cancel("q-orphan");
        }
        assertThat(client().queue("orphans"))
                .as("no unfinished task, not configured")
                .isEmpty();
    }

    @Test
    void setsAQueueReadsItBackAndForgetsItAtTheDefaults() {
        QueueInfo set = client().setQueue("reports", 3, 20);

        assertThat(set).isEqualTo(new QueueInfo("reports", 3, 20, 0, 0, 0));
        assertThat(set.limited()).isTrue();
        assertThat(client().queue("reports")).contains(set);
        assertThat(client().setQueue("reports", 3, 20))
                .as("the same again changes nothing")
                .isEqualTo(set);
        assertThat(client().setQueue("reports", 5, 0))
                .returns(5, QueueInfo::weight)
                .returns(0, QueueInfo::maxRunning)
                .returns(false, QueueInfo::limited);
        client().setQueue("a-first", 2, 0);
        List<String> names = client().queues().stream().map(QueueInfo::name).toList();
        assertThat(names).as("in name order").isSorted().contains("a-first", "reports");

        client().setQueue("a-first", 1, 0);
        client().setQueue("reports", 1, 0);

        assertThat(client().queue("reports")).as("forgotten at the defaults").isEmpty();
        assertThat(client().queues()).extracting(QueueInfo::name).doesNotContain("a-first", "reports");
        assertThat(client().queue("never-used")).isEqualTo(Optional.empty());
    }

    @Test
    void aQueuesCountsAndRunningLimitShowInItsInfo() {
        client().setQueue("limited", 1, 1);
        List<String> ids = List.of("q-limited-1", "q-limited-2", "q-limited-3");
        try {
            ids.forEach(id -> client().schedule(TaskSpec.of("block").withId(id).withQueue("limited")));

            // The worker has four free slots: without the limit all three would start.
            QueueInfo placed = await().atMost(WAIT)
                    .until(() -> client().queue("limited").orElseThrow(), queue -> queue.running() >= 1);
            assertThat(placed).isEqualTo(new QueueInfo("limited", 1, 1, 2, 1, 0));
            assertThat(client().queues()).contains(placed);
        } finally {
            ids.forEach(id -> client().cancel(id));
            client().setQueue("limited", 1, 0);
        }
    }

    @Test
    void refusalsArriveAsTypedExceptionsNamingTheValueAndTheLimit() {
        assertThatThrownBy(() -> client().setQueue("reports", 1001, 0))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("weight of queue 'reports' is 1001, outside 1..1000");
        assertThatThrownBy(() -> client().setQueue("reports", 1, 1_000_001))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("max_running of queue 'reports' is 1000001, outside 0..1000000");
        assertThatThrownBy(() -> client().setQueue("two words", 2, 0))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("queue name 'two words' may hold only letters, digits and . _ -");
        assertThatThrownBy(() -> client().setQueue("q".repeat(64), 2, 0))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("queue name is 64 characters, over the limit of 63");
        assertThatThrownBy(() -> client().queue("a/b"))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("queue name 'a/b' may hold only");
        assertThatThrownBy(() -> client().schedule(TaskSpec.of("x").withQueue("no spaces")))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("task.queue: queue name 'no spaces' may hold only letters, digits and . _ -");
        assertThat(client().queues()).extracting(QueueInfo::name).doesNotContain("reports", "no spaces");
    }

    @Test
    void valuesNoQueueCanHaveAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client().setQueue("reports", 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight must be 1 to 1000 (default 1), got 0");
        assertThatThrownBy(() -> client().setQueue("reports", 1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRunning must be 0 (no limit) to 1000000, got -1");
        assertThatThrownBy(() -> client().setQueue(null, 1, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> client().queue(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must name a queue, got an empty name");
    }
}
