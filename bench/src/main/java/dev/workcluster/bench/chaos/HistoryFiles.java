package dev.workcluster.bench.chaos;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** The names of a history directory's files, and the rule for the node and worker names in them. */
final class HistoryFiles {
    static final String CLIENT = "client.jsonl";
    static final String FAULTS = "faults.jsonl";
    static final String RUNS_PREFIX = "runs-";
    static final String FINAL_PREFIX = "final-";
    static final String RESTARTED_PREFIX = "restarted-";
    static final String JSON_LINES = ".jsonl";
    static final String JSON = ".json";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_TASK_ID_CHARS = 1_024;

    private HistoryFiles() {}

    static Path runs(Path dir, String worker) {
        return dir.resolve(RUNS_PREFIX + requireName("worker", worker) + JSON_LINES);
    }

    static Path finalState(Path dir, String node) {
        return dir.resolve(FINAL_PREFIX + requireName("node", node) + JSON);
    }

    static Path restartedState(Path dir, String node) {
        return dir.resolve(RESTARTED_PREFIX + requireName("node", node) + JSON);
    }

    /** Node and worker names become parts of file names, so they are kept to a safe alphabet. */
    static String requireName(String kind, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(kind + " name must be 1-64 letters, digits, - or _, got " + name);
        }
        return name;
    }

    static String requireTaskId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_TASK_ID_CHARS) {
            throw new IllegalArgumentException("task id must be 1-" + MAX_TASK_ID_CHARS + " characters, got "
                    + (id == null ? "null" : id.length() + " characters"));
        }
        return id;
    }

    /** The name between {@code prefix} and {@code suffix} of a file called that way, else null. */
    static String nameBetween(Path file, String prefix, String suffix) {
        String name = file.getFileName().toString();
        if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length() <= prefix.length() + suffix.length()) {
            return null;
        }
        return name.substring(prefix.length(), name.length() - suffix.length());
    }
}
