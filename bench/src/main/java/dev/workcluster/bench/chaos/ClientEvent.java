package dev.workcluster.bench.chaos;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * One line of {@code client.jsonl}: the client invoked an operation on a task, or learnt its
 * outcome. A task's schedule is retried with the same id after an unknown outcome, so one
 * task has several invoke and unknown lines and at most one ok.
 *
 * @param t     wall-clock epoch milliseconds
 * @param error why it failed or is unknown (a gRPC status, say); null when there is nothing to say
 */
public record ClientEvent(long t, Op op, Phase phase, String task, String error) {

    /** What the client asked. */
    public enum Op {
        SCHEDULE,
        CANCEL
    }

    /**
     * Where the call stands: {@code ok} of a schedule is an acknowledgement (the task must never
     * be lost), {@code ok} of a cancel means cancelled or already finished; {@code fail} is a
     * definite rejection (INVALID_ARGUMENT, say); {@code unknown} is a timeout or lost connection.
     */
    public enum Phase {
        INVOKE,
        OK,
        FAIL,
        UNKNOWN
    }

    public ClientEvent {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(phase, "phase");
        HistoryFiles.requireTaskId(task);
    }

    public static ClientEvent invoke(long t, Op op, String task) {
        return new ClientEvent(t, op, Phase.INVOKE, task, null);
    }

    public static ClientEvent ok(long t, Op op, String task) {
        return new ClientEvent(t, op, Phase.OK, task, null);
    }

    public static ClientEvent fail(long t, Op op, String task, String error) {
        return new ClientEvent(t, op, Phase.FAIL, task, error);
    }

    public static ClientEvent unknown(long t, Op op, String task, String error) {
        return new ClientEvent(t, op, Phase.UNKNOWN, task, error);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("t", t);
        json.addProperty("op", JsonFields.wire(op));
        json.addProperty("phase", JsonFields.wire(phase));
        json.addProperty("task", task);
        JsonFields.putIfPresent(json, "error", error);
        return json;
    }

    static ClientEvent fromJson(JsonObject json, String where) {
        return new ClientEvent(
                JsonFields.number(json, "t", where),
                JsonFields.choice(json, "op", Op.class, where),
                JsonFields.choice(json, "phase", Phase.class, where),
                JsonFields.string(json, "task", where),
                JsonFields.optionalString(json, "error", where));
    }
}
