package dev.workcluster.bench.chaos;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * One line of {@code faults.jsonl}: a fault the run injected or undid. A {@code kill} of a
 * worker ends every run of that worker that started before it and has no end line, so its
 * {@code t} is taken once the process is seen dead. A pause ends nothing.
 *
 * @param target the node or worker name ({@code n1}, {@code w2}); for a partition, how the
 *               sides were cut, free text
 * @param detail free text (signal, duration, sides); null when there is nothing to add
 */
public record FaultEvent(long t, Fault fault, String target, String detail) {

    /** The kinds of fault. */
    public enum Fault {
        KILL,
        RESTART,
        PAUSE,
        RESUME,
        PARTITION,
        HEAL
    }

    public FaultEvent {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(target, "target");
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("t", t);
        json.addProperty("fault", JsonFields.wire(fault));
        json.addProperty("target", target);
        JsonFields.putIfPresent(json, "detail", detail);
        return json;
    }

    static FaultEvent fromJson(JsonObject json, String where) {
        return new FaultEvent(
                JsonFields.number(json, "t", where),
                JsonFields.choice(json, "fault", Fault.class, where),
                JsonFields.string(json, "target", where),
                JsonFields.optionalString(json, "detail", where));
    }
}
