package dev.workcluster.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds from a histogram of microseconds. */
final class Percentiles {
    private Percentiles() {}

    /** {p50, p99, p999} in ms with microsecond precision; all null when nothing was recorded. */
    static Map<String, Object> millis(Histogram micros) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("p50", at(micros, 50.0));
        out.put("p99", at(micros, 99.0));
        out.put("p999", at(micros, 99.9));
        return out;
    }

    private static Double at(Histogram micros, double percentile) {
        if (micros.getTotalCount() == 0) {
            return null;
        }
        return round(micros.getValueAtPercentile(percentile) / 1000.0);
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
