package dev.workcluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.PrometheusText;
import dev.workcluster.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/workcluster-dashboard.json asks only for metrics a node exports: every
 * metric its queries name is in a scrape of a live leader with a worker, and every panel is
 * well formed (a Prometheus target, the import's data source, a unique id).
 */
class GrafanaDashboardTest {
    private static final Pattern METRIC = Pattern.compile("\\b(?:workcluster|grpc|jvm|process|system)_[a-z0-9_]+\\b");

    @Test
    void everyQueryNamesAMetricTheLeaderExports() throws Exception {
        JsonObject dashboard = JsonParser.parseString(Files.readString(
                        Path.of(System.getProperty("repository.root"), "deploy/grafana/workcluster-dashboard.json")))
                .getAsJsonObject();
        List<String> expressions = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonElement element : dashboard.getAsJsonArray("panels")) {
            JsonObject panel = element.getAsJsonObject();
            assertThat(ids.add(panel.get("id").getAsInt()))
                    .as("unique panel id")
                    .isTrue();
            assertThat(panel.getAsJsonObject("datasource").get("uid").getAsString())
                    .isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.getAsJsonArray("targets"))
                    .as(panel.get("title").getAsString())
                    .isNotEmpty();
            panel.getAsJsonArray("targets")
                    .forEach(
                            t -> expressions.add(t.getAsJsonObject().get("expr").getAsString()));
        }
        Set<String> named = new TreeSet<>();
        for (String expression : expressions) {
            Matcher metric = METRIC.matcher(expression);
            int found = 0;
            while (metric.find()) {
                named.add(metric.group());
                found++;
            }
            assertThat(found).as("a metric in %s", expression).isPositive();
        }

        int httpPort = FreePorts.next();
        try (EmbeddedCluster cluster = EmbeddedCluster.start("grafana", config -> config.withHttpPort(httpPort))) {
            cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(1), context -> "ok");
            cluster.tasks().schedule("g1", "work");
            PrometheusText metrics = PrometheusText.scrape("http://127.0.0.1:" + httpPort + "/metrics");
            assertThat(metrics.names()).containsAll(named);
        }
    }
}
