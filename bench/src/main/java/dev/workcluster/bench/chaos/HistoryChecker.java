package dev.workcluster.bench.chaos;

import dev.workcluster.bench.chaos.Violation.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a chaos run's history after the fact, from its directory alone, so a saved history
 * can be checked again. {@link HistoryWriter} and {@link RunJournal} write the files.
 *
 * <h2>The history directory</h2>
 * Times ({@code t}, {@code finished_at}) are wall-clock epoch milliseconds of one machine.
 * JSON-lines files hold one object per line; fields marked optional may be left out.
 * <ul>
 * <li>{@code client.jsonl}: {@code {"t", "op": "schedule"|"cancel", "phase": "invoke"|"ok"|"fail"|"unknown",
 *     "task", "error" (optional)}}. An unknown outcome is retried with the same id. A schedule's
 *     {@code ok} is an acknowledgement; a cancel's {@code ok} means cancelled or already finished.
 * <li>{@code runs-WORKER.jsonl}, one per worker, appended to by each of its processes:
 *     {@code {"t", "event": "start"|"end", "worker", "pid", "task", "attempt", "assignment" (optional, 0 = not
 *     known), "result": "ok"|"error"|"interrupted" (end only)}}. A start and an end pair up by worker, pid,
 *     task, attempt and assignment, first start with first end.
 * <li>{@code faults.jsonl} (optional: no faults): {@code {"t", "fault": "kill"|"restart"|"pause"|"resume"|
 *     "partition"|"heal", "target": "n1"|"w2"|..., "detail" (optional)}}. A worker's kill is recorded once the
 *     process is seen dead; it ends, at its {@code t}, every run of that worker that has no end line and
 *     started at or before it. Nothing else ends a run: a paused run goes on.
 * <li>{@code final-NODE.json}, one per node, once faults stopped, everything healed and the work drained:
 *     {@code {"node", "tasks": [{"id", "status": "PENDING"|"RUNNING"|"COMPLETED"|"CANCELLED"|"ERROR",
 *     "attempt", "assignment" (optional), "worker" (optional, "" = none), "finished_at" (optional, 0 = not
 *     finished)}, ...]}}. The nodes must keep every finished task until then (retention).
 * <li>{@code restarted-NODE.json}: the same, after every node was stopped and started again.
 * </ul>
 *
 * <h2>What is checked</h2>
 * A task's state is the first node's (by name) that has it. A run ends at its end line, else at its
 * worker's next kill, else never (open). Each violation is listed with the lines around it (see
 * {@link Violation#window()}).
 * <ul>
 * <li>{@code lost}: acknowledged and in no node's final state; {@code stuck}: acknowledged and
 *     PENDING or RUNNING.
 * <li>{@code overlapping_runs}: two runs of one task execute at a same moment, whatever their attempts;
 *     an open run overlaps every later one. A worker frozen by SIGSTOP executes nothing, and for runs it
 *     was frozen in the first {@value FrozenTime#THAW_MILLIS} ms after its SIGCONT count as frozen too
 *     (the worker's lease stops them there): spans that overlap only then are counted as
 *     {@code overlaps_across_pauses}, not flagged.
 * <li>{@code open_run}: a run of a terminal task that never ended.
 * <li>{@code run_after_terminal}: a run started after its task's {@code finished_at}, unless the task was
 *     cancelled (a cancel may cross a start on its way to the worker: it must stop it). A cancelled task's
 *     run may go on, but {@code cancel_not_stopped} if it ended more than
 *     {@value RunChecks#CANCEL_STOP_GRACE_MILLIS} ms after {@code finished_at} other than interrupted (ok,
 *     error, or killed: a run still going when its worker was killed had not been stopped).
 * <li>{@code double_completion}: two runs of the same attempt (attempt &gt; 0) and assignment both ended
 *     ok. Runs of different attempts one after the other are allowed and counted as {@code reruns}.
 * <li>{@code unknown_task_run}: a task ran that no node knows.
 * <li>{@code nodes_disagree}: the nodes' final states differ on a task's presence, status or attempt;
 *     {@code restart_differs}: a node's restarted state differs from its final state in any field (or one
 *     of the two files is missing, task {@code *}).
 * </ul>
 */
public final class HistoryChecker {
    /** How many violations a summary for people prints with their windows. */
    public static final int PRINTED_VIOLATIONS = 20;

    private HistoryChecker() {}

    /**
     * Reads and checks the history in {@code dir}.
     *
     * @throws IllegalArgumentException when {@code dir} is not a complete history or a line does not
     *                                  parse (the message names the file, line and field)
     */
    public static ChaosVerdict check(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a chaos history: " + dir + " is not a directory");
        }
        History history = History.read(dir);
        Map<String, FinalTask> reference = StateChecks.reference(history.finals());
        List<Run> runs = Runs.of(history.runEvents(), history.faults());
        List<Violation> violations = new ArrayList<>();
        violations.addAll(StateChecks.lostOrStuck(history.acknowledged(), reference));
        FrozenTime frozen = FrozenTime.of(history.faults());
        violations.addAll(RunChecks.check(runs, reference, frozen));
        violations.addAll(StateChecks.nodesDisagree(history.finals()));
        violations.addAll(StateChecks.restartDiffers(history.finals(), history.restarted()));
        violations = Windows.attach(dir, history, violations);

        long completed = history.acknowledged().stream()
                .filter(id -> reference.containsKey(id) && reference.get(id).status() == FinalTask.Status.COMPLETED)
                .count();
        Map<String, Long> byStatus = new TreeMap<>();
        reference.values().forEach(task -> byStatus.merge(task.status().name(), 1L, Long::sum));
        boolean agree = Violation.count(violations, Type.NODES_DISAGREE) == 0
                && Violation.count(violations, Type.RESTART_DIFFERS) == 0;
        return new ChaosVerdict(
                history.acknowledged().size(),
                completed,
                Violation.count(violations, Type.LOST),
                Violation.count(violations, Type.STUCK),
                Violation.count(violations, Type.OVERLAPPING_RUNS),
                RunChecks.overlapsAcrossPauses(runs, frozen),
                Violation.count(violations, Type.DOUBLE_COMPLETION),
                RunChecks.reruns(runs),
                agree,
                byStatus,
                runs.size(),
                violations);
    }

    /** {@code HistoryChecker DIR}: prints the verdict; exits 0 without violations, 1 with, 2 on bad input. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: HistoryChecker HISTORY_DIR");
            System.exit(2);
        }
        ChaosVerdict verdict;
        try {
            verdict = check(Path.of(args[0]));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.print(verdict.summary(PRINTED_VIOLATIONS));
        System.exit(verdict.passed() ? 0 : 1);
    }
}
