package dev.workcluster.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scrape of a Prometheus {@code /metrics} endpoint, read as samples: the series as written
 * ({@code name{label="value",...}}) to its value.
 *
 * <pre>{@code
 * PrometheusText metrics = PrometheusText.scrape("http://127.0.0.1:50080/metrics");
 * double completed = metrics.value("workcluster_tasks{status=\"completed\"}");
 * }</pre>
 */
public final class PrometheusText {
    private final Map<String, Double> samples;

    private PrometheusText(Map<String, Double> samples) {
        this.samples = samples;
    }

    public static PrometheusText scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    public static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new PrometheusText(samples);
    }

    /** The value of one series, written exactly as exported (labels in the exporter's order); fails if absent. */
    public double value(String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new IllegalArgumentException("no series " + series + " among " + samples.keySet());
        }
        return value;
    }

    /** Whether this series (written exactly as exported) is there. */
    public boolean hasSeries(String series) {
        return samples.containsKey(series);
    }

    /** Whether a series of this metric name is exported. */
    public boolean has(String name) {
        return names().contains(name);
    }

    /** The metric names of every series. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.keySet().forEach(series -> {
            int brace = series.indexOf('{');
            names.add(brace < 0 ? series : series.substring(0, brace));
        });
        return names;
    }

    public Map<String, Double> samples() {
        return samples;
    }
}
