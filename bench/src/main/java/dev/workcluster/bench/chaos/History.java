package dev.workcluster.bench.chaos;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * A history directory as read back: what the checks need and nothing more (the client's
 * lines shrink to the set of acknowledged tasks; the windows re-read the files).
 *
 * @param runEvents every run line, file by file in worker-name order, each file in its order
 * @param finals    node → task id → task, from {@code final-NODE.json}
 * @param restarted node → task id → task, from {@code restarted-NODE.json}
 */
record History(
        Set<String> acknowledged,
        List<RunEvent> runEvents,
        List<FaultEvent> faults,
        SortedMap<String, Map<String, FinalTask>> finals,
        SortedMap<String, Map<String, FinalTask>> restarted) {

    static History read(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(HistoryFiles.CLIENT))) {
            throw new IllegalArgumentException("not a chaos history: " + dir + " has no " + HistoryFiles.CLIENT);
        }
        Set<String> acknowledged = new HashSet<>();
        forEachLine(dir.resolve(HistoryFiles.CLIENT), (json, where) -> {
            ClientEvent event = ClientEvent.fromJson(json, where);
            if (event.op() == ClientEvent.Op.SCHEDULE && event.phase() == ClientEvent.Phase.OK) {
                acknowledged.add(event.task());
            }
        });
        List<FaultEvent> faults = new ArrayList<>();
        Path faultFile = dir.resolve(HistoryFiles.FAULTS);
        if (Files.exists(faultFile)) {
            forEachLine(faultFile, (json, where) -> faults.add(FaultEvent.fromJson(json, where)));
        }
        List<RunEvent> runs = new ArrayList<>();
        for (Map.Entry<String, Path> file :
                named(dir, HistoryFiles.RUNS_PREFIX, HistoryFiles.JSON_LINES).entrySet()) {
            forEachLine(file.getValue(), (json, where) -> {
                RunEvent event = RunEvent.fromJson(json, where);
                if (!event.worker().equals(file.getKey())) {
                    throw new IllegalArgumentException(
                            where + ": a run of worker " + event.worker() + " in the journal of " + file.getKey());
                }
                runs.add(event);
            });
        }
        SortedMap<String, Map<String, FinalTask>> finals = states(dir, HistoryFiles.FINAL_PREFIX);
        if (finals.isEmpty()) {
            throw new IllegalArgumentException("incomplete chaos history: " + dir + " has no "
                    + HistoryFiles.FINAL_PREFIX + "NODE" + HistoryFiles.JSON + " (the nodes' final state)");
        }
        return new History(
                Collections.unmodifiableSet(acknowledged),
                List.copyOf(runs),
                List.copyOf(faults),
                finals,
                states(dir, HistoryFiles.RESTARTED_PREFIX));
    }

    /** Every non-blank line of a JSON-lines file as an object, with {@code file:line} for errors. */
    static void forEachLine(Path file, BiConsumer<JsonObject, String> action) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (!text.isBlank()) {
                    String where = file.getFileName() + ":" + number;
                    action.accept(JsonFields.parse(text, where), where);
                }
            }
        }
    }

    /** The directory's files called PREFIX-NAME-SUFFIX, by NAME. */
    static SortedMap<String, Path> named(Path dir, String prefix, String suffix) throws IOException {
        SortedMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(dir)) {
            listing.forEach(file -> {
                String name = HistoryFiles.nameBetween(file, prefix, suffix);
                if (name != null) {
                    files.put(name, file);
                }
            });
        }
        return files;
    }

    private static SortedMap<String, Map<String, FinalTask>> states(Path dir, String prefix) throws IOException {
        SortedMap<String, Map<String, FinalTask>> states = new TreeMap<>();
        for (Map.Entry<String, Path> file :
                named(dir, prefix, HistoryFiles.JSON).entrySet()) {
            states.put(file.getKey(), state(file.getValue(), file.getKey()));
        }
        return Collections.unmodifiableSortedMap(states);
    }

    private static Map<String, FinalTask> state(Path file, String node) throws IOException {
        String where = file.getFileName().toString();
        JsonObject json = JsonFields.parse(Files.readString(file, StandardCharsets.UTF_8), where);
        String named = JsonFields.string(json, "node", where);
        if (!named.equals(node)) {
            throw new IllegalArgumentException(where + ": holds node \"" + named + "\", expected \"" + node + "\"");
        }
        JsonElement tasks = json.get("tasks");
        if (tasks == null || !tasks.isJsonArray()) {
            throw new IllegalArgumentException(where + ": field \"tasks\" must be an array");
        }
        Map<String, FinalTask> byId = new LinkedHashMap<>();
        JsonArray array = tasks.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            String at = where + " tasks[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw new IllegalArgumentException(at + ": expected a JSON object");
            }
            FinalTask task = FinalTask.fromJson(array.get(i).getAsJsonObject(), at);
            if (byId.put(task.id(), task) != null) {
                throw new IllegalArgumentException(at + ": task " + task.id() + " is listed twice");
            }
        }
        return Collections.unmodifiableMap(byId);
    }
}
