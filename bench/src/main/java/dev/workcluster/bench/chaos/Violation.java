package dev.workcluster.bench.chaos;

import java.util.List;
import java.util.Objects;

/**
 * One broken promise found in a history.
 *
 * @param task   the task it is about; {@code *} when it is about a node rather than a task
 * @param from   the earliest moment it involves (epoch milliseconds); {@link Long#MIN_VALUE}
 *               when it has none of its own (a state read at the end)
 * @param to     the latest such moment, or {@link Long#MIN_VALUE}
 * @param window the history's lines around it, by time: the task's lines of every file, the
 *               faults within {@value Windows#MARGIN_MILLIS} ms, then the nodes' records of the task;
 *               empty past the first {@value Windows#WINDOWED} violations of a history
 */
public record Violation(Type type, String task, String explanation, long from, long to, List<String> window) {

    /** The kinds of violation, written in lower case. */
    public enum Type {
        /** Acknowledged, but no node knows the task. */
        LOST,
        /** Acknowledged, but still PENDING or RUNNING once the work drained. */
        STUCK,
        /** Two runs of one task overlapped in time. */
        OVERLAPPING_RUNS,
        /** A run of a terminal task never ended: no end line, no kill of its worker. */
        OPEN_RUN,
        /** A run started after its task became terminal. */
        RUN_AFTER_TERMINAL,
        /** A run of a cancelled task went on to return a result long after the cancel. */
        CANCEL_NOT_STOPPED,
        /** Two runs of the same attempt and assignment both returned a result. */
        DOUBLE_COMPLETION,
        /** A task ran that no node knows. */
        UNKNOWN_TASK_RUN,
        /** The nodes' final states differ on a task's presence, status or attempt. */
        NODES_DISAGREE,
        /** A node's state after the restart of every node differs from its final state. */
        RESTART_DIFFERS
    }

    public Violation {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(explanation, "explanation");
        window = List.copyOf(window);
    }

    static Violation at(Type type, String task, long from, long to, String explanation) {
        return new Violation(type, task, explanation, from, to, List.of());
    }

    /** About the task's state at the end, with no moment of its own. */
    static Violation ofState(Type type, String task, String explanation) {
        return at(type, task, Long.MIN_VALUE, Long.MIN_VALUE, explanation);
    }

    static long count(List<Violation> violations, Type type) {
        return violations.stream().filter(violation -> violation.type() == type).count();
    }

    Violation withWindow(List<String> lines) {
        return new Violation(type, task, explanation, from, to, lines);
    }

    /** {@code overlapping_runs t-17: ...} */
    public String headline() {
        return JsonFields.wire(type) + " " + task + ": " + explanation;
    }
}
