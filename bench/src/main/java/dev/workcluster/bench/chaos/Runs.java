package dev.workcluster.bench.chaos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/** Pairs the journals' start and end lines into runs, ending the unfinished ones at their worker's kill. */
final class Runs {
    private Runs() {}

    /** Every run, by task and start time. */
    static List<Run> of(List<RunEvent> events, List<FaultEvent> faults) {
        Map<String, NavigableSet<Long>> kills = new HashMap<>();
        for (FaultEvent fault : faults) {
            if (fault.fault() == FaultEvent.Fault.KILL) {
                kills.computeIfAbsent(fault.target(), target -> new TreeSet<>()).add(fault.t());
            }
        }
        List<Run> runs = new ArrayList<>();
        Map<String, Deque<RunEvent>> unended = new HashMap<>();
        for (RunEvent event : events) {
            if (event.event() == RunEvent.Kind.START) {
                unended.computeIfAbsent(event.runKey(), key -> new ArrayDeque<>())
                        .add(event);
                continue;
            }
            Deque<RunEvent> starts = unended.get(event.runKey());
            if (starts == null || starts.isEmpty()) {
                throw new IllegalArgumentException("runs-" + event.worker() + ".jsonl: the end at "
                        + WallTime.format(event.t()) + " of task " + event.task() + " attempt " + event.attempt()
                        + " assignment " + event.assignment() + " (pid " + event.pid() + ") has no start");
            }
            runs.add(new Run(starts.poll(), event.t(), event.result()));
        }
        for (Deque<RunEvent> starts : unended.values()) {
            for (RunEvent start : starts) {
                Long kill = kills.getOrDefault(start.worker(), new TreeSet<>()).ceiling(start.t());
                runs.add(new Run(start, kill == null ? Run.OPEN : kill, null));
            }
        }
        runs.sort(Comparator.comparing(Run::task)
                .thenComparingLong(run -> run.start().t())
                .thenComparingLong(Run::end));
        return runs;
    }
}
