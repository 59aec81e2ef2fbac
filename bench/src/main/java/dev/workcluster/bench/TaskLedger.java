package dev.workcluster.bench;

import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The workers' handler in the failover scenario: runs {@link TaskTimings} (no-op, records
 * submit → start, frees a client permit) and keeps, on the worker side and on this JVM's
 * clock, how many times each task's handler ran to completion and every start from a
 * given moment on.
 */
final class TaskLedger implements TaskHandler {
    /** One handler start: which attempt of which task, at which {@link System#nanoTime()}. */
    record Start(String taskId, int attempt, long atNanos) {}

    private final TaskTimings timings;
    private final Map<String, Integer> completions = new ConcurrentHashMap<>();
    private final Map<String, Integer> attemptCompletions = new ConcurrentHashMap<>();
    private final Map<String, Integer> highestAttempt = new ConcurrentHashMap<>();
    private final Set<String> interrupted = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Start> watchedStarts = new ConcurrentLinkedQueue<>();
    private volatile long watchFromNanos = Long.MAX_VALUE;

    TaskLedger(TaskTimings timings) {
        this.timings = timings;
    }

    /** From now on every start is kept, for {@link #startsSinceWatch()}. */
    void watchStartsFrom(long nanos) {
        watchFromNanos = nanos;
    }

    @Override
    public String handle(TaskContext context) throws Exception {
        long now = System.nanoTime();
        if (now >= watchFromNanos) {
            watchedStarts.add(new Start(context.taskId(), context.attempt(), now));
        }
        highestAttempt.merge(context.taskId(), context.attempt(), Math::max);
        String result;
        try {
            result = timings.handle(context);
        } catch (Exception | Error e) {
            interrupted.add(context.taskId());
            throw e;
        }
        completions.merge(context.taskId(), 1, Integer::sum);
        attemptCompletions.merge(context.taskId() + "#" + context.attempt(), 1, Integer::sum);
        return result;
    }

    /** The starts since {@link #watchStartsFrom}, earliest first. */
    List<Start> startsSinceWatch() {
        List<Start> starts = new ArrayList<>(watchedStarts);
        starts.sort(Comparator.comparingLong(Start::atNanos));
        return starts;
    }

    /** Task ids whose handler ran to completion more than once. */
    long duplicateCompletions() {
        return completions.values().stream().filter(runs -> runs > 1).count();
    }

    /**
     * Tasks that ran at an attempt above 1 although no run of theirs was ever interrupted
     * here: the leader charged an attempt for a run that went fine (or never started).
     */
    long attemptRaisedUninterrupted() {
        return highestAttempt.entrySet().stream()
                .filter(e -> e.getValue() > 1 && !interrupted.contains(e.getKey()))
                .count();
    }

    /** Of those, the runs of one and the same attempt more than once (a requeue makes a new attempt). */
    long duplicateCompletionsOfOneAttempt() {
        return attemptCompletions.values().stream().filter(runs -> runs > 1).count();
    }
}
