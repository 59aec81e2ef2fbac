package dev.workcluster.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scenario's figures, in the order they were added: printed as a two-column table
 * for people and written as {@code SCENARIO.json} for tools. Values are numbers,
 * strings, booleans, or maps of those (such as latency percentiles).
 */
public final class BenchReport {
    private final String scenario;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public BenchReport(String scenario) {
        if (scenario == null || !scenario.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException(
                    "scenario name must be lower-case letters, digits, - or _, got " + scenario);
        }
        this.scenario = scenario;
        fields.put("scenario", scenario);
    }

    public BenchReport put(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    public String scenario() {
        return scenario;
    }

    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public String toJson() {
        return JsonWriter.write(fields);
    }

    /** Writes {@code DIR/SCENARIO.json}, creating the directory; returns the file. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(scenario + ".json");
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        return file;
    }

    /** The figures as an aligned table; nested maps print as {@code k=v k=v}. */
    public String table() {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        fields.forEach((field, value) -> out.append(String.format("%-" + width + "s  %s%n", field, cell(value))));
        return out.toString();
    }

    private static String cell(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder();
            map.forEach((k, v) -> out.append(out.length() == 0 ? "" : "  ")
                    .append(k)
                    .append('=')
                    .append(cell(v)));
            return out.toString();
        }
        if (value instanceof Double d) {
            return String.format(java.util.Locale.ROOT, Math.abs(d) >= 100 ? "%,.0f" : "%.3f", d);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(java.util.Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }
}
