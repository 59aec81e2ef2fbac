package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Results.quote;

import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.ScheduleTasks;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Admits new tasks, one or a batch. Scheduling is idempotent: a task id that exists
 * with the same payload answers with the task as it is, so a client may retry a
 * call whose reply it lost. A batch is all or none. Deterministic: time is an argument.
 */
final class TaskIntake {
    private final TaskTable tasks;
    private StateLimits limits;
    private long nextSequence;

    TaskIntake(TaskTable tasks, StateLimits limits, long nextSequence) {
        this.tasks = tasks;
        this.limits = limits;
        this.nextSequence = nextSequence;
    }

    void limits(StateLimits inForce) {
        this.limits = inForce;
    }

    long nextSequence() {
        return nextSequence;
    }

    /** A number after every sequence handed out so far: the queue order of a task released now. */
    long drawSequence() {
        return nextSequence++;
    }

    CommandResult schedule(ScheduleTask cmd, long now) {
        CommandResult refused = refusal(cmd);
        if (refused != null) {
            return refused;
        }
        TaskRecord existing = tasks.get(cmd.getId());
        if (existing != null) {
            return Results.ok(existing);
        }
        String queue = tasks.queues().canonical(cmd.getQueue());
        CommandResult noRoom =
                tasks.queues().exists(queue) ? null : tasks.queues().refusalOfNew(Set.of(queue));
        if (noRoom != null) {
            return noRoom;
        }
        if (tasks.queuedCount() >= limits.maxQueuedTasks()) {
            return Results.reject(
                    ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED,
                    "queue is full: " + limits.maxQueuedTasks() + " tasks pending or scheduled");
        }
        int payloadBytes = Utf8.length(cmd.getPayload());
        if (payloadBytes > payloadRoom()) {
            return Results.reject(
                    ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED,
                    "payload budget is full: task " + quote(cmd.getId()) + " adds " + payloadBytes + " bytes of payload"
                            + budgetInUse());
        }
        return Results.ok(add(cmd, now));
    }

    /** Checks every task before adding any, so a refused batch leaves no trace. */
    CommandResult scheduleAll(ScheduleTasks cmd, long now) {
        if (cmd.getTasksCount() == 0) {
            return Results.reject(ResultCode.RESULT_CODE_INVALID_ARGUMENT, "a batch must hold at least one task");
        }
        Map<String, String> inBatch = new HashMap<>(cmd.getTasksCount() * 2);
        Set<String> newQueues = new HashSet<>();
        int fresh = 0;
        long freshBytes = 0;
        for (ScheduleTask task : cmd.getTasksList()) {
            CommandResult refused = refusal(task);
            if (refused != null) {
                return refused;
            }
            String earlier = inBatch.putIfAbsent(task.getId(), task.getPayload());
            if (earlier != null && !earlier.equals(task.getPayload())) {
                return Results.reject(
                        ResultCode.RESULT_CODE_ALREADY_EXISTS,
                        "task " + quote(task.getId()) + " appears twice in the batch with different payloads");
            }
            if (earlier == null && tasks.get(task.getId()) == null) {
                fresh++;
                freshBytes += Utf8.length(task.getPayload());
                String queue = tasks.queues().canonical(task.getQueue());
                if (!tasks.queues().exists(queue)) {
                    newQueues.add(queue);
                }
            }
        }
        CommandResult noRoom = tasks.queues().refusalOfNew(newQueues);
        if (noRoom != null) {
            return noRoom;
        }
        int room = Math.max(0, limits.maxQueuedTasks() - tasks.queuedCount());
        if (fresh > room) {
            return Results.reject(
                    ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED,
                    "queue is full: the batch adds " + fresh + " tasks but only " + room
                            + " more fit under the limit of " + limits.maxQueuedTasks() + " pending or scheduled");
        }
        if (freshBytes > payloadRoom()) {
            return Results.reject(
                    ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED,
                    "payload budget is full: the batch adds " + freshBytes + " bytes of payload" + budgetInUse());
        }
        CommandResult.Builder result = CommandResult.newBuilder();
        for (ScheduleTask task : cmd.getTasksList()) {
            TaskRecord existing = tasks.get(task.getId());
            result.addTasks(StateSnapshots.encode(existing != null ? existing : add(task, now)));
        }
        return result.build();
    }

    /** Payload bytes that unfinished tasks may still add. */
    private long payloadRoom() {
        return Math.max(0, limits.maxUnfinishedPayloadBytes() - tasks.unfinishedPayloadBytes());
    }

    private String budgetInUse() {
        return ", but unfinished tasks already hold " + tasks.unfinishedPayloadBytes() + " bytes; the limit is "
                + limits.maxUnfinishedPayloadBytes() + " (max-unfinished-payload-bytes)";
    }

    /** Why this task cannot be scheduled, or null when it can (or already is, identically). */
    private CommandResult refusal(ScheduleTask cmd) {
        if (cmd.getId().isEmpty() || cmd.getPayload().isEmpty()) {
            return Results.reject(ResultCode.RESULT_CODE_INVALID_ARGUMENT, "task id and payload must not be empty");
        }
        String queueProblem = cmd.getQueue().isEmpty() ? null : QueueSettings.nameProblem(cmd.getQueue());
        if (queueProblem != null) {
            return Results.reject(
                    ResultCode.RESULT_CODE_INVALID_ARGUMENT, queueProblem + " (task " + quote(cmd.getId()) + ")");
        }
        if (!Priority.isKnown(cmd.getPriority())) {
            return Results.reject(
                    ResultCode.RESULT_CODE_INVALID_ARGUMENT, "unknown task priority " + cmd.getPriority());
        }
        TaskRecord existing = tasks.get(cmd.getId());
        if (existing != null) {
            return existing.payload().equals(cmd.getPayload())
                    ? null
                    : Results.reject(
                            ResultCode.RESULT_CODE_ALREADY_EXISTS,
                            "task " + quote(cmd.getId()) + " already exists with a different payload");
        }
        int payloadBytes = Utf8.length(cmd.getPayload());
        if (payloadBytes > limits.maxPayloadBytes()) {
            return Results.reject(
                    ResultCode.RESULT_CODE_INVALID_ARGUMENT,
                    "payload of task " + quote(cmd.getId()) + " is " + payloadBytes + " bytes, over the limit of "
                            + limits.maxPayloadBytes());
        }
        long requested = Integer.toUnsignedLong(cmd.getMaxAttempts()); // uint32 on the wire
        if (requested > limits.maxAttemptsCeiling()) {
            return Results.reject(
                    ResultCode.RESULT_CODE_INVALID_ARGUMENT,
                    "max_attempts " + requested + " of task " + quote(cmd.getId()) + " is over the limit of "
                            + limits.maxAttemptsCeiling());
        }
        if (cmd.getRunAtMillis() < 0
                || cmd.getStartToCloseMillis() < 0
                || cmd.getScheduleToStartMillis() < 0
                || cmd.getHeartbeatTimeoutMillis() < 0) {
            return Results.reject(
                    ResultCode.RESULT_CODE_INVALID_ARGUMENT,
                    "run_at and the timeouts of task " + quote(cmd.getId()) + " must not be negative");
        }
        return null;
    }

    private TaskRecord add(ScheduleTask cmd, long now) {
        long requested = Integer.toUnsignedLong(cmd.getMaxAttempts());
        int maxAttempts = requested == 0 ? limits.defaultMaxAttempts() : (int) requested;
        TaskRecord task = new TaskRecord(
                cmd.getId(),
                cmd.getPayload(),
                Priority.fromWireNumber(cmd.getPriority()),
                maxAttempts,
                nextSequence++,
                now,
                TaskTiming.of(cmd));
        if (cmd.getSelectorCount() > 0) {
            task.select(new Selector(cmd.getSelectorList()));
        }
        task.inQueue(tasks.queues().canonical(cmd.getQueue()));
        if (task.timing().runAtMillis() > now) {
            task.holdUntilRunAt();
        }
        tasks.add(task);
        return task;
    }
}
