package dev.workcluster.cli.ops;

import dev.workcluster.proto.scheduler.v1.OverlapPolicy;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** skip|allow|cancel-previous, any case: the names the CLI gives a schedule's overlap policies. */
public final class OverlapPolicyConverter implements ITypeConverter<OverlapPolicy> {
    /** In the order the help lists them; the wire's names would read OVERLAP_POLICY_CANCEL_PREVIOUS. */
    private static final Map<String, OverlapPolicy> POLICIES = policies();

    @Override
    public OverlapPolicy convert(String value) {
        OverlapPolicy policy = POLICIES.get(value.trim().toLowerCase(Locale.ROOT));
        if (policy == null) {
            throw new TypeConversionException(
                    "'" + value + "' is not an overlap policy (" + String.join(", ", POLICIES.keySet()) + ")");
        }
        return policy;
    }

    /** The CLI's name of a policy; unspecified is what the leader reads as skip. */
    static String name(OverlapPolicy policy) {
        if (policy == OverlapPolicy.OVERLAP_POLICY_UNSPECIFIED) {
            return "skip";
        }
        return POLICIES.entrySet().stream()
                .filter(entry -> entry.getValue() == policy)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("?");
    }

    private static Map<String, OverlapPolicy> policies() {
        Map<String, OverlapPolicy> policies = new LinkedHashMap<>();
        policies.put("skip", OverlapPolicy.OVERLAP_POLICY_SKIP);
        policies.put("allow", OverlapPolicy.OVERLAP_POLICY_ALLOW);
        policies.put("cancel-previous", OverlapPolicy.OVERLAP_POLICY_CANCEL_PREVIOUS);
        return Collections.unmodifiableMap(policies);
    }

    /** What shell completion offers for {@code --overlap}. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return POLICIES.keySet().iterator();
        }
    }
}
