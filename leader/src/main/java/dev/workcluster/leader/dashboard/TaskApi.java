package dev.workcluster.leader.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** The task endpoints: a page of tasks, one task, schedule, cancel. Checks what the page may ask before the node does. */
final class TaskApi {
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 500;
    static final int MAX_ID_LENGTH = 256;
    static final List<String> STATUSES = List.of("SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "ERROR", "CANCELLED");
    private static final Set<String> SCHEDULE_FIELDS = Set.of("id", "payload", "priority", "maxAttempts");

    private final Gateway gateway;

    TaskApi(Gateway gateway) {
        this.gateway = gateway;
    }

    JsonObject page(HttpCaller caller, Query query) throws ApiException {
        GetTasksRequest.Builder request = GetTasksRequest.newBuilder().setPageSize(pageSize(query.get("pageSize")));
        String status = query.get("status");
        if (!status.isEmpty()) {
            request.setStatus(status(status));
        }
        request.setPageToken(query.get("pageToken"));
        GetTasksResponse response = gateway.scheduler(caller).getTasks(request.build());
        JsonArray tasks = new JsonArray();
        response.getTasksList().forEach(task -> tasks.add(Views.task(task, false)));
        JsonObject body = new JsonObject();
        body.add("tasks", tasks);
        body.addProperty("nextPageToken", response.getNextPageToken());
        return body;
    }

    JsonObject one(HttpCaller caller, String id) throws ApiException {
        Task task = gateway.scheduler(caller)
                .getTask(GetTaskRequest.newBuilder().setId(id(id)).build())
                .getTask();
        return Views.task(task, true);
    }

    JsonObject schedule(HttpCaller caller, String body) throws ApiException {
        caller.checkMayChange("scheduling a task");
        JsonObject json;
        try {
            json = JsonParser.parseString(body).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"payload\": \"...\"}");
        }
        for (String field : json.keySet()) {
            if (!SCHEDULE_FIELDS.contains(field)) {
                throw ApiException.badRequest(
                        "unknown field '" + field + "'; a task has " + String.join(", ", SCHEDULE_FIELDS));
            }
        }
        String payload = text(json, "payload");
        if (payload.isEmpty()) {
            throw ApiException.badRequest("payload is missing: say what the worker is to do");
        }
        String id = text(json, "id");
        Task.Builder task =
                Task.newBuilder().setId(id.isEmpty() ? newId() : id(id)).setPayload(payload);
        String priority = text(json, "priority").toUpperCase(Locale.ROOT);
        if (!priority.isEmpty()) {
            try {
                task.setPriority(TaskPriority.valueOf("TASK_PRIORITY_" + priority));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("unknown priority '" + priority + "'; use LOW, MEDIUM or HIGH");
            }
        }
        if (json.has("maxAttempts")) {
            try {
                int attempts = json.get("maxAttempts").getAsInt();
                if (attempts < 1) {
                    throw ApiException.badRequest("maxAttempts must be at least 1, not " + attempts);
                }
                task.setMaxAttempts(attempts);
            } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException e) {
                throw ApiException.badRequest("maxAttempts must be a whole number");
            }
        }
        return Views.task(
                gateway.scheduler(caller)
                        .scheduleTask(
                                ScheduleTaskRequest.newBuilder().setTask(task).build())
                        .getTask(),
                false);
    }

    JsonObject cancel(HttpCaller caller, String id) throws ApiException {
        caller.checkMayChange("cancelling a task");
        return Views.task(
                gateway.scheduler(caller)
                        .cancelTask(CancelTaskRequest.newBuilder().setId(id(id)).build())
                        .getTask(),
                false);
    }

    static int pageSize(String text) throws ApiException {
        if (text.isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(text);
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below, with the bounds
        }
        throw ApiException.badRequest("pageSize '" + text + "' must be a whole number from 1 to " + MAX_PAGE_SIZE);
    }

    static TaskStatus status(String text) throws ApiException {
        String name = text.toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(name)) {
            throw ApiException.badRequest("unknown status '" + text + "'; use one of " + String.join(", ", STATUSES));
        }
        return TaskStatus.valueOf("TASK_STATUS_" + name);
    }

    static String id(String id) throws ApiException {
        if (id.isBlank()) {
            throw ApiException.badRequest("the task id is empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw ApiException.badRequest(
                    "the task id is " + id.length() + " characters, over the limit of " + MAX_ID_LENGTH);
        }
        return id;
    }

    private static String text(JsonObject json, String field) throws ApiException {
        if (!json.has(field) || json.get(field).isJsonNull()) {
            return "";
        }
        if (!json.get(field).isJsonPrimitive()
                || !json.getAsJsonPrimitive(field).isString()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return json.get(field).getAsString();
    }

    private static String newId() {
        return String.format(
                Locale.ROOT,
                "dash-%x-%04x",
                System.currentTimeMillis(),
                ThreadLocalRandom.current().nextInt(1 << 16));
    }
}
