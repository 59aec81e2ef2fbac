package dev.workcluster.leader.state;

import java.util.List;

/**
 * A generated history: the limits every log entry is proposed with, and the steps in
 * order. Prints one numbered step a line, so a shrunk counterexample reads as a script.
 */
record History(StateLimits limits, List<Step> steps) {
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(limits);
        for (int i = 0; i < steps.size(); i++) {
            out.append("\n  ").append(i + 1).append(". ").append(steps.get(i));
        }
        return out.toString();
    }
}
