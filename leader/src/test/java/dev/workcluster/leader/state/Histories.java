package dev.workcluster.leader.state;

import dev.workcluster.leader.state.MemberSteps.Incarnation;
import dev.workcluster.leader.state.MemberSteps.Runs;
import dev.workcluster.leader.state.Targets.Kind;
import dev.workcluster.leader.state.Targets.MemberKind;
import dev.workcluster.leader.state.Targets.Ref;
import dev.workcluster.leader.state.Targets.TaskKind;
import dev.workcluster.leader.state.TaskSteps.Outcome;
import dev.workcluster.leader.state.TimingSteps.Deadline;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries of histories. The weights favour what a healthy cluster does (schedule,
 * dispatch, report the current run), so most commands change the state and tasks go through
 * every status; about a quarter are refused and some are accepted but change nothing: stale
 * or invalid ones (an old attempt or assignment, another member's report, an old incarnation,
 * unknown ids, duplicates, refused payloads). The limits are small, so queues fill, budgets
 * run out, members hit the cap and retention drops tasks. The property
 * {@code historiesReachEveryCornerOfTheLifecycle} checks that this stays so.
 */
final class Histories {
    static final int MAX_STEPS = 60;
    static final int MAX_PAYLOAD_BYTES = 4;
    static final int MAX_ATTEMPTS_CEILING = 3;

    private Histories() {}

    /**
     * Lengths spread evenly up to the maximum (jqwik favours short lists), and no jqwik edge
     * cases: mixed into every element, they would make the rare steps (new limits, empty
     * batches, unknown priorities) as common as the everyday ones.
     */
    static Arbitrary<History> histories() {
        return Combinators.combine(
                        limits(),
                        steps().list().ofMaxSize(MAX_STEPS).withSizeDistribution(RandomDistribution.uniform()))
                .as(History::new)
                .withoutEdgeCases();
    }

    static Arbitrary<StateLimits> limits() {
        return Combinators.combine(
                        Arbitraries.integers().between(3, 10),
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(1, 20),
                        Arbitraries.integers().between(1, MAX_ATTEMPTS_CEILING),
                        Arbitraries.integers().between(MAX_PAYLOAD_BYTES, 6 * MAX_PAYLOAD_BYTES),
                        Arbitraries.frequency(
                                Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(2, 3), Tuple.of(4, Step.MEMBERS)))
                .as((queued, keptFinished, keptSeconds, attempts, payloadBudget, members) -> new StateLimits(
                        MAX_PAYLOAD_BYTES,
                        queued,
                        keptFinished,
                        Duration.ofSeconds(keptSeconds),
                        attempts,
                        MAX_ATTEMPTS_CEILING,
                        payloadBudget,
                        members));
    }

    static Arbitrary<Step> steps() {
        return Arbitraries.frequencyOf(
                        Tuple.of(14, schedule()),
                        Tuple.of(4, schedule().list().ofMinSize(1).ofMaxSize(3).map(TaskSteps.ScheduleBatch::new)),
                        Tuple.of(1, Arbitraries.just(new TaskSteps.ScheduleBatch(List.of()))),
                        Tuple.of(16, memberRef(MemberKind.FREE).map(TaskSteps.Dispatch::new)),
                        Tuple.of(2, assign()),
                        Tuple.of(8, place()),
                        Tuple.of(14, complete()),
                        Tuple.of(4, release()),
                        Tuple.of(3, taskRef(TaskKind.KNOWN).map(TaskSteps.Cancel::new)),
                        Tuple.of(4, join()),
                        Tuple.of(3, reconnect()),
                        Tuple.of(1, memberRef(MemberKind.ALIVE).map(MemberSteps.Leave::new)),
                        Tuple.of(3, expire()),
                        Tuple.of(8, waits()),
                        Tuple.of(1, register()),
                        Tuple.of(1, limits().map(Step.Relimit::new)),
                        Tuple.of(1, Arbitraries.just(new Step.Empty())),
                        Tuple.of(5, scheduleTimed()),
                        Tuple.of(
                                3,
                                taskRef(TaskKind.SCHEDULED)
                                        .list()
                                        .ofMinSize(1)
                                        .ofMaxSize(3)
                                        .map(TimingSteps.ReleaseDue::new)),
                        Tuple.of(8, timeOut()),
                        Tuple.of(5, setQueue()))
                .withoutEdgeCases();
    }

    /** Mostly soon (within a few steps' waits), some far ahead, some none; limits of a few seconds or none. */
    private static Arbitrary<Step> scheduleTimed() {
        Arbitrary<Long> runAt = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0L)),
                Tuple.of(5, Arbitraries.longs().between(1, 8_000)),
                Tuple.of(1, Arbitraries.longs().between(20_000, 60_000)));
        Arbitrary<Long> limit = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(0L)),
                Tuple.of(10, Arbitraries.longs().between(300, 5_000)),
                Tuple.of(1, Arbitraries.just(-1L)));
        Arbitrary<Payload> payload = Arbitraries.frequency(Tuple.of(20, Payload.OWN), Tuple.of(1, Payload.OTHER));
        // Mostly HIGH, so that timed tasks get to run among the others and their run limits come into play.
        Arbitrary<Priority> priority = Arbitraries.frequency(Tuple.of(3, Priority.HIGH), Tuple.of(1, Priority.LOW));
        return Combinators.combine(task(), payload, priority, runAt, limit, limit, limit)
                .as((task, kind, rank, offset, startToClose, scheduleToStart, heartbeat) ->
                        new TimingSteps.ScheduleTimed(
                                task, payload(task, kind), rank, offset, startToClose, scheduleToStart, heartbeat));
    }

    /** Mostly the deadline the task has, as the leader proposes it; some name another one, or none. */
    private static Arbitrary<Step> timeOut() {
        Arbitrary<Deadline> deadline = Arbitraries.frequency(
                Tuple.of(8, Deadline.ITS_OWN),
                Tuple.of(1, Deadline.START_TO_CLOSE),
                Tuple.of(1, Deadline.HEARTBEAT),
                Tuple.of(1, Deadline.SCHEDULE_TO_START),
                Tuple.of(1, Deadline.UNKNOWN));
        return Combinators.combine(taskRef(TaskKind.TIMED), deadline, report()).as(TimingSteps.TimeOut::new);
    }

    /** Mostly a limit of one or two running tasks, so placements run into it; some refused settings. */
    private static Arbitrary<Step> setQueue() {
        return Combinators.combine(
                        Arbitraries.frequency(
                                Tuple.of(3, "a"), Tuple.of(3, "b"), Tuple.of(2, "default"), Tuple.of(1, "bad name")),
                        Arbitraries.frequency(Tuple.of(4, 1), Tuple.of(3, 3), Tuple.of(1, 0), Tuple.of(1, 1_001)),
                        Arbitraries.frequency(Tuple.of(2, 0), Tuple.of(3, 1), Tuple.of(2, 2)))
                .as(TaskSteps.SetQueue::new);
    }

    private static Arbitrary<Integer> task() {
        return Arbitraries.integers().between(0, Step.TASKS - 1);
    }

    private static Arbitrary<Integer> member() {
        return Arbitraries.integers().between(0, Step.MEMBERS - 1);
    }

    /** Five in six pick a task of that kind, the rest an id of the pool. */
    private static Arbitrary<Ref<TaskRecord>> taskRef(Kind<TaskRecord> kind) {
        return Combinators.combine(Arbitraries.frequency(Tuple.of(5, kind), Tuple.of(1, TaskKind.ID)), task())
                .as(Ref::new);
    }

    /** Five in six pick a member of that kind, the rest an id of the pool. */
    private static Arbitrary<Ref<MemberRecord>> memberRef(Kind<MemberRecord> kind) {
        return Combinators.combine(Arbitraries.frequency(Tuple.of(5, kind), Tuple.of(1, MemberKind.ID)), member())
                .as(Ref::new);
    }

    /** What a schedule sends as the payload: the task's own, another one under its id, or one refused. */
    enum Payload {
        OWN,
        OTHER,
        TOO_BIG,
        EMPTY
    }

    /** A task's own payload is 1 to 3 bytes long, by id, so a retried schedule is identical. */
    static String payload(int task, Payload kind) {
        return switch (kind) {
            case OWN -> "p".repeat(1 + task % 3);
            case OTHER -> "q";
            case TOO_BIG -> "p".repeat(MAX_PAYLOAD_BYTES + 1);
            case EMPTY -> "";
        };
    }

    private static Arbitrary<TaskSteps.Schedule> schedule() {
        Arbitrary<Payload> payload = Arbitraries.frequency(
                Tuple.of(20, Payload.OWN),
                Tuple.of(2, Payload.OTHER),
                Tuple.of(1, Payload.TOO_BIG),
                Tuple.of(1, Payload.EMPTY));
        Arbitrary<Integer> priority =
                Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(6, 1), Tuple.of(6, 2), Tuple.of(6, 3), Tuple.of(1, 7));
        Arbitrary<Integer> maxAttempts = Arbitraries.frequency(
                Tuple.of(8, 0), Tuple.of(4, 1), Tuple.of(6, 2), Tuple.of(4, 3), Tuple.of(1, MAX_ATTEMPTS_CEILING + 1));
        return Combinators.combine(task(), payload, priority, maxAttempts)
                .as((task, kind, rank, attempts) -> new TaskSteps.Schedule(task, payload(task, kind), rank, attempts));
    }

    /** Mostly every member allowed; sometimes a list, with ids of the pool (some unknown, some repeated). */
    private static Arbitrary<Step> place() {
        Arbitrary<List<Integer>> members = member().list().ofMaxSize(3);
        Arbitrary<List<Integer>> none = Arbitraries.just(List.of());
        return Combinators.combine(
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.frequencyOf(Tuple.of(3, none), Tuple.of(1, members)),
                        Arbitraries.frequencyOf(Tuple.of(3, none), Tuple.of(1, members)))
                .as(TaskSteps.Place::new);
    }

    private static Arbitrary<Step> assign() {
        Arbitrary<Integer> attemptOffset = Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(1, -1), Tuple.of(1, 1));
        return Combinators.combine(task(), member(), attemptOffset).as(TaskSteps.Assign::new);
    }

    private static Arbitrary<Report> report() {
        return Arbitraries.frequency(
                Tuple.of(8, Report.CURRENT_RUN),
                Tuple.of(2, Report.ATTEMPT_ONLY),
                Tuple.of(2, Report.UNNAMED),
                Tuple.of(1, Report.PREVIOUS_ASSIGNMENT),
                Tuple.of(1, Report.PREVIOUS_ATTEMPT),
                Tuple.of(1, Report.OTHER_MEMBER));
    }

    private static Arbitrary<Step> complete() {
        Arbitrary<Outcome> outcome = Arbitraries.frequency(
                Tuple.of(5, Outcome.SUCCEEDED), Tuple.of(3, Outcome.FAILED), Tuple.of(1, Outcome.FAILED_FOR_GOOD));
        return Combinators.combine(taskRef(TaskKind.RUNNING), outcome, report()).as(TaskSteps.Complete::new);
    }

    private static Arbitrary<Step> release() {
        return Combinators.combine(taskRef(TaskKind.RUNNING), report(), Arbitraries.of(false, true))
                .as(TaskSteps.Release::new);
    }

    /** Push workers name no process; stream workers name one of two, or none. */
    private static Arbitrary<Step> join() {
        Arbitrary<Integer> slots =
                Arbitraries.frequency(Tuple.of(4, 1), Tuple.of(4, 2), Tuple.of(2, 3), Tuple.of(1, 0));
        return Combinators.combine(member(), slots, Arbitraries.of(true, false), instance())
                .as((member, count, stream, instance) ->
                        new MemberSteps.Join(member, count, stream, stream ? instance : ""));
    }

    private static Arbitrary<Step> reconnect() {
        Arbitrary<Runs> runs = Arbitraries.frequency(
                Tuple.of(5, Runs.ALL), Tuple.of(2, Runs.FIRST), Tuple.of(1, Runs.STALE), Tuple.of(2, Runs.NONE));
        return Combinators.combine(member(), instance(), runs).as(MemberSteps.Reconnect::new);
    }

    private static Arbitrary<String> instance() {
        return Arbitraries.of("", "i1", "i2");
    }

    private static Arbitrary<Step> expire() {
        Arbitrary<Incarnation> incarnation = Arbitraries.frequency(
                Tuple.of(3, Incarnation.CURRENT),
                Tuple.of(2, Incarnation.UNFENCED),
                Tuple.of(1, Incarnation.PREVIOUS),
                Tuple.of(1, Incarnation.NEXT));
        return Combinators.combine(memberRef(MemberKind.ALIVE), incarnation).as(MemberSteps.Expire::new);
    }

    /** Mostly short waits, some past the retention age, a few backwards (a new leader's clock behind). */
    private static Arbitrary<Step> waits() {
        Arbitrary<Long> millis = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 3_000)),
                Tuple.of(1, Arbitraries.longs().between(5_000, 30_000)),
                Tuple.of(1, Arbitraries.longs().between(-3_000, -1)));
        return millis.map(Step.Wait::new);
    }

    private static Arbitrary<Step> register() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.frequency(Tuple.of(5, true), Tuple.of(1, false)))
                .as(Step.Register::new);
    }
}
