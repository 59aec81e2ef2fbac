package dev.workcluster.bench.chaos;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The lines around each violation, read again from the files only for the tasks that have
 * one (a long history stays out of memory): every line of the task from every file, the
 * faults within {@value #MARGIN_MILLIS} ms of the violation's moments, by time, then each
 * node's final and restarted record of the task. Only the first {@value #WINDOWED} violations
 * get a window, so a history where everything went wrong is still checked in little memory.
 */
final class Windows {
    static final long MARGIN_MILLIS = 5_000;
    static final int WINDOWED = 100;

    private record Line(long t, String text) {}

    private final Map<String, List<Line>> byTask = new HashMap<>();
    private final List<Line> faults = new ArrayList<>();

    private Windows() {}

    static List<Violation> attach(Path dir, History history, List<Violation> violations) throws IOException {
        if (violations.isEmpty()) {
            return violations;
        }
        List<Violation> windowed = violations.subList(0, Math.min(WINDOWED, violations.size()));
        Set<String> tasks = new HashSet<>();
        windowed.forEach(violation -> tasks.add(violation.task()));
        Windows windows = new Windows();
        windows.collect(dir.resolve(HistoryFiles.CLIENT), tasks);
        for (Path runs : History.named(dir, HistoryFiles.RUNS_PREFIX, HistoryFiles.JSON_LINES)
                .values()) {
            windows.collect(runs, tasks);
        }
        Path faultFile = dir.resolve(HistoryFiles.FAULTS);
        if (Files.exists(faultFile)) {
            History.forEachLine(faultFile, (json, where) -> windows.faults.add(line(json, where)));
        }
        Comparator<Line> byTime = Comparator.comparingLong(Line::t);
        windows.byTask.values().forEach(lines -> lines.sort(byTime));
        windows.faults.sort(byTime);
        List<Violation> attached = new ArrayList<>(violations.size());
        windowed.forEach(violation -> attached.add(violation.withWindow(windows.around(violation, history))));
        attached.addAll(violations.subList(windowed.size(), violations.size()));
        return attached;
    }

    private void collect(Path file, Set<String> tasks) throws IOException {
        History.forEachLine(file, (json, where) -> {
            String task = JsonFields.optionalString(json, "task", where);
            if (task != null && tasks.contains(task)) {
                byTask.computeIfAbsent(task, id -> new ArrayList<>()).add(line(json, where));
            }
        });
    }

    private static Line line(JsonObject json, String where) {
        long t = JsonFields.number(json, "t", where);
        String file = where.substring(0, where.lastIndexOf(':'));
        return new Line(t, WallTime.format(t) + " " + file + " " + JsonFields.line(json));
    }

    private List<String> around(Violation violation, History history) {
        List<Line> own = byTask.getOrDefault(violation.task(), List.of());
        long from = violation.from();
        long to = violation.to();
        if (from == Long.MIN_VALUE && !own.isEmpty()) {
            from = own.get(0).t();
            to = own.get(own.size() - 1).t();
        }
        if (to == Run.OPEN || to < from) {
            to = from;
        }
        List<Line> lines = new ArrayList<>(own);
        if (from != Long.MIN_VALUE) {
            for (Line fault : faults) {
                if (fault.t() >= from - MARGIN_MILLIS && fault.t() <= to + MARGIN_MILLIS) {
                    lines.add(fault);
                }
            }
        }
        lines.sort(Comparator.comparingLong(Line::t));
        List<String> window = new ArrayList<>();
        lines.forEach(line -> window.add(line.text()));
        states(window, HistoryFiles.FINAL_PREFIX, history.finals(), violation.task());
        states(window, HistoryFiles.RESTARTED_PREFIX, history.restarted(), violation.task());
        return window;
    }

    private static void states(
            List<String> window, String prefix, SortedMap<String, Map<String, FinalTask>> states, String task) {
        states.forEach((node, tasks) -> {
            FinalTask state = tasks.get(task);
            if (state != null) {
                window.add(prefix + node + HistoryFiles.JSON + " " + JsonFields.line(state.toJson()));
            }
        });
    }
}
