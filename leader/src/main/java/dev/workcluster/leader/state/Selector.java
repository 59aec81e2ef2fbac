package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.LabelRequirement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which members may run a task, by their labels: requirements that must all hold. Immutable; the
 * empty selector matches every member. The edge parses the text form into requirements; this
 * only matches and prints them.
 */
public record Selector(List<LabelRequirement> requirements) {
    public static final Selector ANY = new Selector(List.of());

    public Selector {
        requirements = List.copyOf(requirements);
    }

    public boolean isAny() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (LabelRequirement requirement : requirements) {
            String value = labels.get(requirement.getKey());
            boolean holds = switch (requirement.getOp()) {
                case LABEL_OP_IN -> value != null && requirement.getValuesList().contains(value);
                case LABEL_OP_NOT_IN ->
                    value == null || !requirement.getValuesList().contains(value);
                case LABEL_OP_EXISTS -> value != null;
                case LABEL_OP_NOT_EXISTS -> value == null;
                case LABEL_OP_UNSPECIFIED, UNRECOGNIZED -> false;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    /** The normal text form: key=v, key!=v, key in (a,b), key notin (a,b), key, !key; comma-separated. */
    @Override
    public String toString() {
        return requirements.stream().map(Selector::text).collect(Collectors.joining(","));
    }

    private static String text(LabelRequirement r) {
        List<String> values = r.getValuesList();
        return switch (r.getOp()) {
            case LABEL_OP_IN ->
                values.size() == 1
                        ? r.getKey() + "=" + values.get(0)
                        : r.getKey() + " in (" + String.join(",", values) + ")";
            case LABEL_OP_NOT_IN ->
                values.size() == 1
                        ? r.getKey() + "!=" + values.get(0)
                        : r.getKey() + " notin (" + String.join(",", values) + ")";
            case LABEL_OP_EXISTS -> r.getKey();
            case LABEL_OP_NOT_EXISTS -> "!" + r.getKey();
            case LABEL_OP_UNSPECIFIED, UNRECOGNIZED -> "?" + r.getKey();
        };
    }
}
