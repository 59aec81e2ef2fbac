package dev.workcluster.bench.chaos;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * One line of {@code runs-WORKER.jsonl}: a handler run of a task began or ended on a worker
 * process. Every restart of a worker appends to the same file, told apart by {@code pid}.
 *
 * @param t          wall-clock epoch milliseconds
 * @param pid        the worker process's id
 * @param assignment the assignment's fencing token, 0 where the worker is not told it
 * @param result     how the run ended; null on a start
 */
public record RunEvent(
        long t, Kind event, String worker, long pid, String task, int attempt, int assignment, Result result) {

    /** A run's first or last line. */
    public enum Kind {
        START,
        END
    }

    /**
     * How the handler returned: {@code ok} (a result), {@code error} (it threw), or
     * {@code interrupted} (it was cancelled or interrupted, its outcome not reported as a result).
     */
    public enum Result {
        OK,
        ERROR,
        INTERRUPTED
    }

    public RunEvent {
        Objects.requireNonNull(event, "event");
        HistoryFiles.requireName("worker", worker);
        HistoryFiles.requireTaskId(task);
        if (attempt < 0 || assignment < 0) {
            throw new IllegalArgumentException(
                    "attempt and assignment must be >= 0, got " + attempt + " and " + assignment);
        }
        if ((event == Kind.END) != (result != null)) {
            throw new IllegalArgumentException(
                    "an end has a result and a start has none; got " + event + " with " + result);
        }
    }

    public static RunEvent start(long t, String worker, long pid, String task, int attempt, int assignment) {
        return new RunEvent(t, Kind.START, worker, pid, task, attempt, assignment, null);
    }

    public static RunEvent end(
            long t, String worker, long pid, String task, int attempt, int assignment, Result result) {
        return new RunEvent(t, Kind.END, worker, pid, task, attempt, assignment, Objects.requireNonNull(result));
    }

    /** What a start and its end have in common. */
    String runKey() {
        return worker + '\u0000' + pid + '\u0000' + task + '\u0000' + attempt + '\u0000' + assignment;
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("t", t);
        json.addProperty("event", JsonFields.wire(event));
        json.addProperty("worker", worker);
        json.addProperty("pid", pid);
        json.addProperty("task", task);
        json.addProperty("attempt", attempt);
        json.addProperty("assignment", assignment);
        if (result != null) {
            json.addProperty("result", JsonFields.wire(result));
        }
        return json;
    }

    static RunEvent fromJson(JsonObject json, String where) {
        Kind event = JsonFields.choice(json, "event", Kind.class, where);
        return new RunEvent(
                JsonFields.number(json, "t", where),
                event,
                JsonFields.string(json, "worker", where),
                JsonFields.number(json, "pid", where),
                JsonFields.string(json, "task", where),
                JsonFields.smallNumber(json, "attempt", where),
                json.has("assignment") ? JsonFields.smallNumber(json, "assignment", where) : 0,
                event == Kind.END ? JsonFields.choice(json, "result", Result.class, where) : null);
    }
}
