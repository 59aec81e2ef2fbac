package dev.workcluster.bench.chaos;

/**
 * One handler run: its start line and how it ended. A run without an end line ended at
 * the first kill of its worker at or after its start; without that either it is open
 * ({@link #OPEN}).
 *
 * @param end    when it ended, epoch milliseconds, or {@link #OPEN}
 * @param result the end line's result; null when it was killed or is open
 */
record Run(RunEvent start, long end, RunEvent.Result result) {
    static final long OPEN = Long.MAX_VALUE;

    String task() {
        return start.task();
    }

    boolean isOpen() {
        return end == OPEN;
    }

    boolean killed() {
        return result == null && !isOpen();
    }

    /** Same attempt, same assignment: one hand-out run twice. Attempt 0 (not known) matches nothing. */
    boolean sameHandOut(Run other) {
        return start.attempt() > 0
                && start.attempt() == other.start.attempt()
                && start.assignment() == other.start.assignment();
    }

    /** For people: {@code attempt 2 assignment 5 on w1 (pid 42) 12:00:01.000-12:00:02.500 ok}. */
    String describe() {
        String ending = isOpen() ? "still open" : killed() ? "killed" : JsonFields.wire(result);
        return "attempt " + start.attempt() + " assignment " + start.assignment() + " on " + start.worker()
                + " (pid " + start.pid() + ") " + WallTime.format(start.t()) + "-"
                + (isOpen() ? "" : WallTime.format(end)) + " " + ending;
    }
}
