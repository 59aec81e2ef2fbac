package dev.workcluster.bench.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each worker was frozen (SIGSTOP until SIGCONT): a handler on a frozen worker does not
 * execute, so two runs overlap only where both execute. A run the worker was frozen in past
 * its lease is stopped by the worker as it thaws, within one lease check; the first
 * {@value #THAW_MILLIS} ms after a resume count as frozen too, for runs that began before the pause.
 */
final class FrozenTime {
    /** What a thawed worker may take to stop a run its lease no longer covers (checks run every 250 ms by default). */
    static final long THAW_MILLIS = 1_000;

    private record Interval(long from, long to) {}

    private final Map<String, List<Interval>> byWorker;

    private FrozenTime(Map<String, List<Interval>> byWorker) {
        this.byWorker = byWorker;
    }

    static FrozenTime of(List<FaultEvent> faults) {
        Map<String, Long> pausedAt = new HashMap<>();
        Map<String, List<Interval>> byWorker = new HashMap<>();
        for (FaultEvent fault : faults) {
            if (fault.fault() == FaultEvent.Fault.PAUSE) {
                pausedAt.put(fault.target(), fault.t());
            } else if (fault.fault() == FaultEvent.Fault.RESUME && pausedAt.containsKey(fault.target())) {
                byWorker.computeIfAbsent(fault.target(), w -> new ArrayList<>())
                        .add(new Interval(pausedAt.remove(fault.target()), fault.t() + THAW_MILLIS));
            }
        }
        pausedAt.forEach((worker, from) ->
                byWorker.computeIfAbsent(worker, w -> new ArrayList<>()).add(new Interval(from, Run.OPEN)));
        return new FrozenTime(byWorker);
    }

    /** Whether both runs executed at some same moment. */
    boolean executeTogether(Run a, Run b) {
        for (Interval x : executing(a)) {
            for (Interval y : executing(b)) {
                if (x.from() < y.to() && y.from() < x.to()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The run's [start, end] less the frozen stretches of its worker that began after it started. */
    private List<Interval> executing(Run run) {
        List<Interval> parts = new ArrayList<>(List.of(new Interval(run.start().t(), run.end())));
        for (Interval frozen : byWorker.getOrDefault(run.start().worker(), List.of())) {
            if (frozen.from() < run.start().t()) {
                continue;
            }
            List<Interval> cut = new ArrayList<>();
            for (Interval part : parts) {
                if (frozen.to() <= part.from() || frozen.from() >= part.to()) {
                    cut.add(part);
                    continue;
                }
                if (part.from() < frozen.from()) {
                    cut.add(new Interval(part.from(), frozen.from()));
                }
                if (frozen.to() < part.to()) {
                    cut.add(new Interval(frozen.to(), part.to()));
                }
            }
            parts = cut;
        }
        return parts;
    }
}
