package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.assign;
import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.cancel;
import static dev.workcluster.leader.state.Commands.complete;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.fail;
import static dev.workcluster.leader.state.Commands.failFinally;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.joinStream;
import static dev.workcluster.leader.state.Commands.leave;
import static dev.workcluster.leader.state.Commands.release;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.Commands.scheduleWithAttempts;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.stateWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.ScheduleTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A listing filtered by status reads the status index; after every kind of transition,
 * and after a snapshot restore, it returns exactly what a scan of every task returns, page by page.
 */
class StatusIndexTest {
    private static final List<TaskStatus> FILTERS = new ArrayList<>(Arrays.asList(TaskStatus.values()));

    static {
        FILTERS.add(null);
    }

    private ClusterState state = stateWith(l -> l.setRetainFinishedCount(4).setRetainFinishedAgeMillis(10_000));
    private long now;

    @Test
    void everyTransitionKeepsTheIndexInStepWithAFullScan() {
        step(join("w1", 2), join("w2", 2), joinStream("s1", 1));
        step(
                batch("b0", "b1", "b2", "b3"),
                scheduleWithAttempts("one-shot", "p", 1),
                schedule("t5", "p"),
                scheduleWithAttempts("twice", "p", 2));
        step(assign("b0", "w1", 1));
        expect("b0", TaskStatus.RUNNING);
        step(complete("b0", 1, "ok"));
        expect("b0", TaskStatus.COMPLETED);
        step(assign("b1", "w1", 1), fail("b1", 1, "boom"));
        expect("b1", TaskStatus.PENDING); // retried
        step(assign("one-shot", "w1", 1), fail("one-shot", 1, "boom"));
        expect("one-shot", TaskStatus.ERROR); // its last attempt
        step(assign("b2", "w2", 1), failFinally("b2", 1, "bad input"));
        expect("b2", TaskStatus.ERROR); // not retryable
        step(assign("b3", "w2", 1), release("b3", "w2", 1));
        expect("b3", TaskStatus.PENDING); // handed back
        step(cancel("t5"));
        expect("t5", TaskStatus.CANCELLED);
        step(assign("b3", "w2", 1), cancel("b3"));
        expect("b3", TaskStatus.CANCELLED);
        step(assign("b1", "w1", 2), assign("twice", "s1", 1), expire("s1"));
        expect("twice", TaskStatus.PENDING); // its member expired
        step(assign("twice", "w2", 2), leave("w2"));
        expect("twice", TaskStatus.ERROR); // its member left during its last attempt
        step(join("w1", 2));
        expect("b1", TaskStatus.PENDING); // a push member joined again: what it ran is gone
        restoreFromSnapshot();
        step(
                batch("c0", "c1", "c2"),
                assign("c0", "w1", 1),
                assign("c1", "w1", 1),
                complete("c0", 1, "ok"),
                cancel("c2"));
        assertThat(state.task("b0"))
                .as("dropped beyond the retention count of 4")
                .isNull();
        now += Duration.ofSeconds(11).toMillis();
        step(schedule("late", "p"));
        assertThat(state.count(TaskStatus.COMPLETED)
                        + state.count(TaskStatus.CANCELLED)
                        + state.count(TaskStatus.ERROR))
                .as("finished tasks left past the retention age")
                .isZero();
        restoreFromSnapshot();
        step(assign("late", "w1", 1), complete("c1", 1, "ok"));
    }

    @Test
    void aLongSeededWalkOfCommandsKeepsTheIndexInStepWithAFullScan() {
        Random random = new Random(20240610L);
        Map<Command.KindCase, Integer> accepted = new EnumMap<>(Command.KindCase.class);
        List<String> members = List.of("w1", "w2", "w3");
        members.forEach(m -> step(join(m, 3)));
        for (int i = 0; i < 600; i++) {
            String member = members.get(random.nextInt(members.size()));
            String any = "t" + random.nextInt(30);
            String pending = anyOf(TaskStatus.PENDING, random, any);
            String running = anyOf(TaskStatus.RUNNING, random, any);
            Command command = switch (random.nextInt(10)) {
                case 0 -> scheduleWithAttempts(any, "p", 1 + random.nextInt(3));
                case 1, 2 -> assign(pending, member, attemptOf(pending));
                case 3 -> complete(running, attemptOf(running), "ok");
                case 4 -> fail(running, attemptOf(running), "boom");
                case 5 ->
                    release(
                            running,
                            state.task(running) == null
                                    ? member
                                    : state.task(running).memberId(),
                            attemptOf(running));
                case 6 -> cancel(random.nextBoolean() ? running : pending);
                case 7 -> random.nextBoolean() ? expire(member) : leave(member);
                default -> join(member, 3);
            };
            now += random.nextInt(200);
            if (state.apply(at(now, command)).getCode() == ResultCode.RESULT_CODE_OK) {
                accepted.merge(command.getKindCase(), 1, Integer::sum);
            } // rejected commands too must leave the index alone
            assertWalksAgreeWithScan();
            if (i % 150 == 149) {
                restoreFromSnapshot();
            }
        }
        assertThat(accepted)
                .as("accepted commands by kind")
                .hasSize(8)
                .allSatisfy((kind, count) ->
                        assertThat(count).as("%s accepted", kind).isGreaterThanOrEqualTo(10));
    }

    /** A task of this status found by a scan, not through the index under test; {@code otherwise} if none has it. */
    private String anyOf(TaskStatus status, Random random, String otherwise) {
        List<TaskRecord> found =
                state.allTasks().stream().filter(t -> t.status() == status).toList();
        return found.isEmpty()
                ? otherwise
                : found.get(random.nextInt(found.size())).id();
    }

    private int attemptOf(String taskId) {
        return state.task(taskId) == null ? 1 : state.task(taskId).attempt();
    }

    private void step(Command... commands) {
        for (Command command : commands) {
            applyOk(state, at(now++, command));
            assertIndexAgreesWithScan();
        }
    }

    private void expect(String taskId, TaskStatus status) {
        assertThat(state.task(taskId).status()).as("status of %s", taskId).isEqualTo(status);
    }

    private void restoreFromSnapshot() {
        state = StateSnapshots.decode(StateSnapshots.encode(state), state.limits());
        assertIndexAgreesWithScan();
    }

    /** For every filter, every starting point and page size: the same page the scan gives, and the same next token. */
    private void assertIndexAgreesWithScan() {
        List<Long> starts = new ArrayList<>(List.of(-1L));
        state.allTasks().forEach(task -> starts.add(task.sequence()));
        for (TaskStatus status : FILTERS) {
            assertCountAgrees(status);
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            for (long after : starts) {
                for (int limit = 1; limit <= 4; limit++) {
                    expected.add(describe(after, limit, scan(status, after, limit)));
                    actual.add(describe(after, limit, state.tasks(status, after, limit)));
                }
            }
            assertThat(actual).as("pages of %s", status).isEqualTo(expected);
        }
    }

    /** Cheaper, for long walks: every filter's pages of 1 and of 3, walked from the start as a client would. */
    private void assertWalksAgreeWithScan() {
        for (TaskStatus status : FILTERS) {
            assertCountAgrees(status);
            for (int limit : new int[] {1, 3}) {
                assertThat(walk(status, limit, true)).as("pages of %s", status).isEqualTo(walk(status, limit, false));
            }
        }
    }

    private List<String> walk(TaskStatus status, int limit, boolean indexed) {
        List<String> pages = new ArrayList<>();
        long after = -1;
        do {
            ClusterState.TaskPage page = indexed ? state.tasks(status, after, limit) : scan(status, after, limit);
            pages.add(describe(after, limit, page));
            after = page.nextAfterSequence();
        } while (after != -1);
        return pages;
    }

    private void assertCountAgrees(TaskStatus status) {
        if (status != null) {
            assertThat(state.count(status))
                    .as("count of %s", status)
                    .isEqualTo(scan(status, -1, Integer.MAX_VALUE).tasks().size());
        }
    }

    /** The listing as it was before the index: walk every task in arrival order and skip the other statuses. */
    private ClusterState.TaskPage scan(TaskStatus status, long after, int limit) {
        List<TaskRecord> page = new ArrayList<>();
        for (TaskRecord task : state.allTasks()) {
            if (task.sequence() <= after || (status != null && task.status() != status)) {
                continue;
            }
            if (page.size() == limit) {
                return new ClusterState.TaskPage(page, page.get(page.size() - 1).sequence());
            }
            page.add(task);
        }
        return new ClusterState.TaskPage(page, -1);
    }

    private static String describe(long after, int limit, ClusterState.TaskPage page) {
        String tasks = page.tasks().stream()
                .map(task -> task.id() + ":" + task.status())
                .collect(Collectors.joining(" "));
        return "after " + after + ", limit " + limit + ": " + tasks + " | next " + page.nextAfterSequence();
    }

    private static Command batch(String... ids) {
        ScheduleTasks.Builder batch = ScheduleTasks.newBuilder();
        for (String id : ids) {
            batch.addTasks(ScheduleTask.newBuilder().setId(id).setPayload("p"));
        }
        return Command.newBuilder().setScheduleTasks(batch).build();
    }
}
