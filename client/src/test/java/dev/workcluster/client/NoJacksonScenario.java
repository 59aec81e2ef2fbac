package dev.workcluster.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What {@link WithoutJacksonTest} runs in a class loader that has no Jackson: given a node's
 * address, the client without JSON (text and byte payloads, results, a read, a watch); given
 * "json", a JSON helper. Only JDK types cross between the loaders.
 */
public final class NoJacksonScenario implements Function<String, List<String>> {
    @Override
    public List<String> apply(String address) {
        List<String> lines = new ArrayList<>();
        if (address.equals("json")) {
            try {
                TaskSpec.ofJson(Map.of("width", 640));
                lines.add("ofJson worked");
            } catch (IllegalStateException e) {
                lines.add("ofJson: " + e.getMessage());
            }
            return lines;
        }
        try (WorkClient client = WorkClient.connect(ClientOptions.of(address));
                TaskWatch completed = client.watch(Set.of(TaskState.COMPLETED))) {
            client.scheduleAll(List.of(
                    TaskSpec.of("text").withId("nj-text"),
                    TaskSpec.ofBytes(new byte[] {1, 2, 3}).withId("nj-bytes")));
            TaskResult result =
                    client.awaitResult("nj-text", Duration.ofSeconds(30)).join();
            lines.add("result: " + result.result());
            lines.add("bytes: " + Arrays.toString(client.get("nj-bytes").payloadBytes()));
            Set<String> watched = new TreeSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (watched.size() < 2 && System.nanoTime() < deadline) {
                completed.poll(Duration.ofSeconds(1)).ifPresent(task -> watched.add(task.id()));
            }
            lines.add("watched: " + watched);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lines.add("interrupted");
        }
        return lines;
    }
}
