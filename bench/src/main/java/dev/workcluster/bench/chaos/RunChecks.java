package dev.workcluster.bench.chaos;

import dev.workcluster.bench.chaos.Violation.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks on handler runs, task by task: no two runs execute at once (a frozen worker's run
 * does not execute, see {@link FrozenTime}), none starts after the task
 * became terminal, a cancel stops the run (it ends interrupted, or within the grace), one
 * hand-out completes once, no run stays open and no task runs that the nodes do not know.
 */
final class RunChecks {
    /** How long a run of a cancelled task may go on after the cancel and still return a result. */
    static final long CANCEL_STOP_GRACE_MILLIS = 10_000;

    private RunChecks() {}

    /** {@code runs} by task and start, as {@link Runs#of} gives them; {@code reference} by task id. */
    static List<Violation> check(List<Run> runs, Map<String, FinalTask> reference, FrozenTime frozen) {
        List<Violation> found = new ArrayList<>();
        byTask(runs).forEach((task, ofTask) -> check(task, ofTask, reference.get(task), frozen, found));
        return found;
    }

    /** Pairs of runs of one task whose spans overlap only where one of them was frozen: allowed, counted. */
    static long overlapsAcrossPauses(List<Run> runs, FrozenTime frozen) {
        long count = 0;
        for (List<Run> ofTask : byTask(runs).values()) {
            for (int i = 0; i < ofTask.size(); i++) {
                for (int j = i + 1; j < ofTask.size(); j++) {
                    if (spansOverlap(ofTask.get(i), ofTask.get(j))
                            && !frozen.executeTogether(ofTask.get(i), ofTask.get(j))) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /** How many tasks ran more than once. */
    static long reruns(List<Run> runs) {
        return byTask(runs).values().stream()
                .filter(ofTask -> ofTask.size() > 1)
                .count();
    }

    private static Map<String, List<Run>> byTask(List<Run> runs) {
        Map<String, List<Run>> byTask = new LinkedHashMap<>();
        for (Run run : runs) {
            byTask.computeIfAbsent(run.task(), id -> new ArrayList<>()).add(run);
        }
        return byTask;
    }

    private static void check(String task, List<Run> runs, FinalTask state, FrozenTime frozen, List<Violation> found) {
        if (state == null) {
            found.add(Violation.at(
                    Type.UNKNOWN_TASK_RUN,
                    task,
                    runs.get(0).start().t(),
                    runs.get(0).start().t(),
                    "ran " + runs.size() + " time(s) but no node knows the task; first run "
                            + runs.get(0).describe()));
            return;
        }
        overlaps(task, runs, frozen, found);
        doubleCompletions(task, runs, found);
        for (Run run : runs) {
            afterTerminal(task, run, state, found);
        }
    }

    /** Every pair of the task's runs (a task runs a few times at most) that executed at a same moment. */
    private static void overlaps(String task, List<Run> runs, FrozenTime frozen, List<Violation> found) {
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                Run first = runs.get(i);
                Run run = runs.get(j);
                if (spansOverlap(first, run) && frozen.executeTogether(first, run)) {
                    found.add(Violation.at(
                            Type.OVERLAPPING_RUNS,
                            task,
                            run.start().t(),
                            Math.min(run.end(), first.end()),
                            "run " + first.describe() + " overlaps run " + run.describe()));
                }
            }
        }
    }

    private static boolean spansOverlap(Run a, Run b) {
        return a.start().t() < b.end() && b.start().t() < a.end();
    }

    private static void doubleCompletions(String task, List<Run> runs, List<Violation> found) {
        List<Run> reported = new ArrayList<>();
        for (Run run : runs) {
            if (run.result() == RunEvent.Result.OK) {
                Run twin =
                        reported.stream().filter(run::sameHandOut).findFirst().orElse(null);
                if (twin != null) {
                    found.add(Violation.at(
                            Type.DOUBLE_COMPLETION,
                            task,
                            twin.start().t(),
                            run.end(),
                            "one hand-out completed twice: run " + twin.describe() + " and run " + run.describe()));
                } else {
                    reported.add(run);
                }
            }
        }
    }

    private static void afterTerminal(String task, Run run, FinalTask state, List<Violation> found) {
        if (!state.status().isTerminal()) {
            return;
        }
        if (run.isOpen()) {
            found.add(Violation.at(
                    Type.OPEN_RUN,
                    task,
                    run.start().t(),
                    run.start().t(),
                    "the task is "
                            + state.describe() + " but run " + run.describe()
                            + " has no end line and its worker no later kill"));
        }
        long finished = state.finishedAt();
        if (finished == 0) {
            return;
        }
        // A cancel may cross a start on its way to the worker: such a run is allowed if the cancel stops it.
        if (run.start().t() > finished && state.status() != FinalTask.Status.CANCELLED) {
            found.add(Violation.at(
                    Type.RUN_AFTER_TERMINAL,
                    task,
                    finished,
                    run.start().t(),
                    "run " + run.describe() + " started " + (run.start().t() - finished) + " ms after the task became "
                            + state.describe()));
        } else if (state.status() == FinalTask.Status.CANCELLED
                && !run.isOpen()
                && run.result() != RunEvent.Result.INTERRUPTED
                && run.end() > finished + CANCEL_STOP_GRACE_MILLIS) {
            found.add(Violation.at(
                    Type.CANCEL_NOT_STOPPED,
                    task,
                    finished,
                    run.end(),
                    "run " + run.describe()
                            + " ended " + (run.end() - finished) + " ms after the task was " + state.describe()
                            + " without being interrupted (allowed: " + CANCEL_STOP_GRACE_MILLIS + " ms)"));
        }
    }
}
