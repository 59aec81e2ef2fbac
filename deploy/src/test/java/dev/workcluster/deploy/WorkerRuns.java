package dev.workcluster.deploy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runs of tasks that worker processes logged ({@code event=task_started} to
 * {@code event=task_finished} or {@code task_ended_unreported}, at DEBUG), and the pairs of runs
 * of one task that overlapped in time on two workers: the "never runs twice at once" check.
 * A run with no end in its log lasted until its process ended.
 */
final class WorkerRuns {
    record Run(String worker, String task, int attempt, Instant start, Instant end) {
        boolean overlaps(Run other) {
            return start.isBefore(other.end) && other.start.isBefore(end);
        }
    }

    private static final Pattern EVENT =
            Pattern.compile("^(\\S+) level=\\S+ logger=\\S+ event=(task_started|task_finished|task_ended_unreported) "
                    + "task_id=(\\S+) attempt=(\\d+).*");

    private final List<Run> runs = new ArrayList<>();

    /** Adds the runs in one worker process's log; {@code ended} is when the process was seen gone. */
    void add(String worker, String log, Instant ended) {
        Map<String, Instant> open = new HashMap<>();
        for (String line : log.lines().toList()) {
            Matcher event = EVENT.matcher(line);
            if (!event.matches()) {
                continue;
            }
            Instant at = OffsetDateTime.parse(event.group(1)).toInstant();
            String key = event.group(3) + "#" + event.group(4);
            if (event.group(2).equals("task_started")) {
                open.put(key, at);
            } else {
                Instant start = open.remove(key);
                if (start != null) {
                    runs.add(run(worker, key, start, at));
                }
            }
        }
        open.forEach((key, start) -> runs.add(run(worker, key, start, ended)));
    }

    List<Run> all() {
        return runs;
    }

    /** Pairs of runs of one task on two workers at the same time. */
    List<String> overlaps() {
        Map<String, List<Run>> byTask = new HashMap<>();
        runs.forEach(run ->
                byTask.computeIfAbsent(run.task(), task -> new ArrayList<>()).add(run));
        List<String> overlaps = new ArrayList<>();
        byTask.values().forEach(taskRuns -> {
            for (int i = 0; i < taskRuns.size(); i++) {
                for (int j = i + 1; j < taskRuns.size(); j++) {
                    if (taskRuns.get(i).overlaps(taskRuns.get(j))) {
                        overlaps.add(taskRuns.get(i) + " overlaps " + taskRuns.get(j));
                    }
                }
            }
        });
        return overlaps;
    }

    private static Run run(String worker, String key, Instant start, Instant end) {
        int hash = key.lastIndexOf('#');
        return new Run(worker, key.substring(0, hash), Integer.parseInt(key.substring(hash + 1)), start, end);
    }
}
