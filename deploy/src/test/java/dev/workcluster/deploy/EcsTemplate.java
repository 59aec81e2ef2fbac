package dev.workcluster.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task definitions of the committed CloudFormation template (deploy/ecs), as the rehearsal
 * needs them: each one's main container, with its command, environment, stop timeout, data
 * volume mount, health check and the task's memory.
 */
final class EcsTemplate {
    /** One task definition's main container. */
    record TaskSpec(
            String family,
            String container,
            List<String> command,
            Map<String, String> environment,
            Duration stopTimeout,
            String dataMount,
            int memoryMiB,
            List<String> healthCheck) {
        String env(String name) {
            String value = environment.get(name);
            if (value == null) {
                throw new IllegalStateException(family + " sets no " + name + ": " + environment);
            }
            return value;
        }
    }

    private final List<TaskSpec> tasks;

    private EcsTemplate(List<TaskSpec> tasks) {
        this.tasks = tasks;
    }

    static EcsTemplate read(Path template) throws IOException {
        JsonObject resources = JsonParser.parseString(Files.readString(template))
                .getAsJsonObject()
                .getAsJsonObject("Resources");
        List<TaskSpec> tasks = new ArrayList<>();
        for (Map.Entry<String, JsonElement> resource : resources.entrySet()) {
            JsonObject body = resource.getValue().getAsJsonObject();
            if (body.get("Type").getAsString().equals("AWS::ECS::TaskDefinition")) {
                JsonObject properties = body.getAsJsonObject("Properties");
                for (JsonElement element : properties.getAsJsonArray("ContainerDefinitions")) {
                    JsonObject container = element.getAsJsonObject();
                    String name = container.get("Name").getAsString();
                    if (name.equals("leader") || name.equals("worker")) {
                        tasks.add(spec(properties, container));
                    }
                }
            }
        }
        tasks.sort(Comparator.comparing(TaskSpec::family));
        return new EcsTemplate(tasks);
    }

    /** The leader task definitions, by node id. */
    List<TaskSpec> leaders() {
        return tasks.stream()
                .filter(task -> task.container().equals("leader"))
                .sorted(Comparator.comparing(task -> task.env("WORKCLUSTER_NODE_ID")))
                .toList();
    }

    TaskSpec worker() {
        List<TaskSpec> workers =
                tasks.stream().filter(task -> task.container().equals("worker")).toList();
        if (workers.size() != 1) {
            throw new IllegalStateException("expected one worker task definition, found " + workers.size());
        }
        return workers.get(0);
    }

    private static TaskSpec spec(JsonObject task, JsonObject container) {
        List<String> command = new ArrayList<>();
        container.getAsJsonArray("Command").forEach(arg -> command.add(literal(arg, "Command")));
        Map<String, String> environment = new LinkedHashMap<>();
        if (container.has("Environment")) {
            for (JsonElement variable : container.getAsJsonArray("Environment")) {
                JsonObject pair = variable.getAsJsonObject();
                environment.put(pair.get("Name").getAsString(), literal(pair.get("Value"), "Environment"));
            }
        }
        String dataMount = null;
        if (container.has("MountPoints")) {
            for (JsonElement mount : container.getAsJsonArray("MountPoints")) {
                if (mount.getAsJsonObject().get("SourceVolume").getAsString().equals("data")) {
                    dataMount = mount.getAsJsonObject().get("ContainerPath").getAsString();
                }
            }
        }
        List<String> healthCheck = new ArrayList<>();
        if (container.has("HealthCheck")) {
            container
                    .getAsJsonObject("HealthCheck")
                    .getAsJsonArray("Command")
                    .forEach(arg -> healthCheck.add(literal(arg, "HealthCheck")));
        }
        return new TaskSpec(
                literal(task.get("Family"), "Family"),
                container.get("Name").getAsString(),
                List.copyOf(command),
                environment,
                Duration.ofSeconds(container.get("StopTimeout").getAsLong()),
                dataMount,
                Integer.parseInt(literal(task.get("Memory"), "Memory")),
                List.copyOf(healthCheck));
    }

    /** The rehearsal runs what the template says, so what it runs must be written out, not computed. */
    private static String literal(JsonElement value, String what) {
        if (value == null || !value.isJsonPrimitive()) {
            throw new IllegalStateException(what + " is not a literal in the template: " + value);
        }
        return value.getAsString();
    }
}
