package dev.workcluster.bench.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link HistoryChecker} concluded from one chaos history.
 *
 * @param acknowledged      tasks whose schedule the client saw acknowledged
 * @param completed         acknowledged tasks that ended COMPLETED
 * @param lost              acknowledged tasks no node knows
 * @param stuck             acknowledged tasks still PENDING or RUNNING at the end
 * @param overlappingRuns   pairs of runs of one task that executed at a same moment (violations)
 * @param overlapsAcrossPauses pairs whose spans overlap only where one worker was frozen: allowed, counted
 * @param doubleCompletions hand-outs (same attempt and assignment) that returned a result twice
 * @param reruns            tasks that ran more than once, one after the other: allowed, counted
 * @param nodesAgree        the nodes' final states agree and a restart of every node reproduced them
 * @param byStatus          the tasks of the final state (every task, acknowledged or not) by status
 * @param runs              handler runs in the history
 * @param violations        every violation, each with its window of lines
 */
public record ChaosVerdict(
        long acknowledged,
        long completed,
        long lost,
        long stuck,
        long overlappingRuns,
        long overlapsAcrossPauses,
        long doubleCompletions,
        long reruns,
        boolean nodesAgree,
        Map<String, Long> byStatus,
        long runs,
        List<Violation> violations) {
    /** How many violations the report lists in full (all of them are counted). */
    public static final int REPORTED_VIOLATIONS = 10;

    public ChaosVerdict {
        byStatus = Map.copyOf(byStatus);
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    public long count(Violation.Type type) {
        return Violation.count(violations, type);
    }

    /**
     * The figures under the names {@code bench/results/chaos.json} uses, in order, ready for
     * {@code BenchReport.put}: the counts, {@code violations} (a count), {@code by_status},
     * {@code violation_types} and {@code first_violations} (headlines of the first few).
     */
    public Map<String, Object> reportFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("acknowledged", acknowledged);
        fields.put("completed", completed);
        fields.put("lost", lost);
        fields.put("stuck", stuck);
        fields.put("overlapping_runs", overlappingRuns);
        fields.put("overlaps_across_pauses", overlapsAcrossPauses);
        fields.put("double_completions", doubleCompletions);
        fields.put("reruns", reruns);
        fields.put("nodes_agree", nodesAgree);
        fields.put("violations", (long) violations.size());
        fields.put("runs", runs);
        fields.put("by_status", new TreeMap<>(byStatus));
        Map<String, Object> types = new TreeMap<>();
        for (Violation.Type type : Violation.Type.values()) {
            long count = count(type);
            if (count > 0) {
                types.put(JsonFields.wire(type), count);
            }
        }
        fields.put("violation_types", types);
        fields.put(
                "first_violations",
                violations.stream()
                        .limit(REPORTED_VIOLATIONS)
                        .map(Violation::headline)
                        .toList());
        return fields;
    }

    /** For people: the figures, then the first {@code shown} violations each with its window of lines. */
    public String summary(int shown) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> fields = reportFields();
        fields.remove("first_violations");
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((field, value) -> out.append(String.format("%-" + width + "s  %s%n", field, value)));
        for (int i = 0; i < Math.min(shown, violations.size()); i++) {
            Violation violation = violations.get(i);
            out.append(String.format("%nviolation %d of %d: %s%n", i + 1, violations.size(), violation.headline()));
            violation.window().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        if (violations.size() > shown) {
            out.append(String.format("%n(%d more violations not shown)%n", violations.size() - shown));
        }
        out.append(
                passed()
                        ? "verdict: PASS, no violations\n"
                        : "verdict: FAIL, " + violations.size() + " violation(s)\n");
        return out.toString();
    }
}
