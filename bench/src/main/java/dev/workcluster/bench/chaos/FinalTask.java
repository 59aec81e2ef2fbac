package dev.workcluster.bench.chaos;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * One task as a node reports it at the end of the run, in {@code final-NODE.json} and
 * {@code restarted-NODE.json}.
 *
 * @param worker     the worker that runs or last ran it; empty when none did
 * @param finishedAt when it became terminal, wall-clock epoch milliseconds; 0 when it is not
 */
public record FinalTask(String id, Status status, int attempt, int assignment, String worker, long finishedAt) {

    /** The task statuses, written with these upper-case names. */
    public enum Status {
        PENDING,
        RUNNING,
        COMPLETED,
        CANCELLED,
        ERROR;

        public boolean isTerminal() {
            return this == COMPLETED || this == CANCELLED || this == ERROR;
        }
    }

    public FinalTask {
        HistoryFiles.requireTaskId(id);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(worker, "worker");
    }

    /** Status and attempt: what every node must agree on. */
    String agreed() {
        return status + " attempt " + attempt;
    }

    /** Every field but the id, for people. */
    String describe() {
        return status + " attempt " + attempt + " assignment " + assignment
                + (worker.isEmpty() ? "" : " worker " + worker)
                + (finishedAt == 0 ? "" : " finished " + WallTime.format(finishedAt));
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("id", id);
        json.addProperty("status", status.name());
        json.addProperty("attempt", attempt);
        json.addProperty("assignment", assignment);
        json.addProperty("worker", worker);
        json.addProperty("finished_at", finishedAt);
        return json;
    }

    static FinalTask fromJson(JsonObject json, String where) {
        String status = JsonFields.string(json, "status", where);
        Status parsed;
        try {
            parsed = Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where + ": status \"" + status + "\" is not one of PENDING, RUNNING, COMPLETED, CANCELLED, ERROR",
                    e);
        }
        String worker = JsonFields.optionalString(json, "worker", where);
        return new FinalTask(
                JsonFields.string(json, "id", where),
                parsed,
                JsonFields.smallNumber(json, "attempt", where),
                json.has("assignment") ? JsonFields.smallNumber(json, "assignment", where) : 0,
                worker == null ? "" : worker,
                json.has("finished_at") ? JsonFields.number(json, "finished_at", where) : 0);
    }
}
