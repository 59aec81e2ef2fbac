package dev.workcluster.client.internal;

import com.google.protobuf.Timestamp;
import dev.workcluster.client.QueueInfo;
import dev.workcluster.client.TaskInfo;
import dev.workcluster.client.TaskPriority;
import dev.workcluster.client.TaskSpec;
import dev.workcluster.client.TaskState;
import dev.workcluster.proto.scheduler.v1.Queue;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import java.time.Instant;

/** Between the public types and the wire's. */
public final class Conversions {
    private Conversions() {}

    public static Task task(TaskSpec spec) {
        Task.Builder task =
                Task.newBuilder().setId(spec.id()).setPayload(spec.payload()).setPriority(priority(spec.priority()));
        if (spec.maxAttempts() > 0) {
            task.setMaxAttempts(spec.maxAttempts());
        }
        if (spec.startToClose() != null) {
            task.setStartToClose(duration(spec.startToClose()));
        }
        if (spec.scheduleToStart() != null) {
            task.setScheduleToStart(duration(spec.scheduleToStart()));
        }
        if (spec.heartbeatTimeout() != null) {
            task.setHeartbeatTimeout(duration(spec.heartbeatTimeout()));
        }
        if (spec.runAt() != null) {
            task.setRunAt(Timestamp.newBuilder()
                    .setSeconds(spec.runAt().getEpochSecond())
                    .setNanos(spec.runAt().getNano()));
        }
        if (spec.delay() != null) {
            task.setDelay(duration(spec.delay()));
        }
        return task.setSelector(spec.selector()).setQueue(spec.queue()).build();
    }

    public static TaskInfo info(Task task) {
        return new TaskInfo(
                task.getId(),
                task.getPayload(),
                priority(task.getPriority()),
                state(task.getStatus()),
                task.getWorkerId(),
                task.getAttempt(),
                task.getMaxAttempts(),
                task.getResult(),
                task.getError(),
                instant(task.hasCreatedAt(), task.getCreatedAt()),
                instant(task.hasStartedAt(), task.getStartedAt()),
                instant(task.hasFinishedAt(), task.getFinishedAt()),
                task.hasStartToClose() ? duration(task.getStartToClose()) : null,
                task.hasScheduleToStart() ? duration(task.getScheduleToStart()) : null,
                task.hasHeartbeatTimeout() ? duration(task.getHeartbeatTimeout()) : null,
                instant(task.hasRunAt(), task.getRunAt()),
                task.getSelector(),
                task.getWarning(),
                task.getQueue());
    }

    /** The wire's uint32 counts and settings as ints: each is far below 2^31 (the leader's limits). */
    public static QueueInfo queue(Queue queue) {
        return new QueueInfo(
                queue.getName(),
                queue.getWeight(),
                queue.getMaxRunning(),
                queue.getPending(),
                queue.getRunning(),
                queue.getScheduled());
    }

    public static TaskState state(TaskStatus status) {
        return switch (status) {
            case TASK_STATUS_RUNNING -> TaskState.RUNNING;
            case TASK_STATUS_COMPLETED -> TaskState.COMPLETED;
            case TASK_STATUS_CANCELLED -> TaskState.CANCELLED;
            case TASK_STATUS_ERROR -> TaskState.ERROR;
            case TASK_STATUS_SCHEDULED -> TaskState.SCHEDULED;
            default -> TaskState.PENDING;
        };
    }

    public static TaskStatus status(TaskState state) {
        return switch (state) {
            case SCHEDULED -> TaskStatus.TASK_STATUS_SCHEDULED;
            case PENDING -> TaskStatus.TASK_STATUS_PENDING;
            case RUNNING -> TaskStatus.TASK_STATUS_RUNNING;
            case COMPLETED -> TaskStatus.TASK_STATUS_COMPLETED;
            case CANCELLED -> TaskStatus.TASK_STATUS_CANCELLED;
            case ERROR -> TaskStatus.TASK_STATUS_ERROR;
        };
    }

    private static dev.workcluster.proto.scheduler.v1.TaskPriority priority(TaskPriority priority) {
        return switch (priority) {
            case UNSPECIFIED -> dev.workcluster.proto.scheduler.v1.TaskPriority.TASK_PRIORITY_UNSPECIFIED;
            case LOW -> dev.workcluster.proto.scheduler.v1.TaskPriority.TASK_PRIORITY_LOW;
            case MEDIUM -> dev.workcluster.proto.scheduler.v1.TaskPriority.TASK_PRIORITY_MEDIUM;
            case HIGH -> dev.workcluster.proto.scheduler.v1.TaskPriority.TASK_PRIORITY_HIGH;
        };
    }

    private static TaskPriority priority(dev.workcluster.proto.scheduler.v1.TaskPriority priority) {
        return switch (priority) {
            case TASK_PRIORITY_LOW -> TaskPriority.LOW;
            case TASK_PRIORITY_MEDIUM -> TaskPriority.MEDIUM;
            case TASK_PRIORITY_HIGH -> TaskPriority.HIGH;
            default -> TaskPriority.UNSPECIFIED; // as the cluster stores and reports it
        };
    }

    private static com.google.protobuf.Duration duration(Duration duration) {
        return com.google.protobuf.Duration.newBuilder()
                .setSeconds(duration.getSeconds())
                .setNanos(duration.getNano())
                .build();
    }

    private static Duration duration(com.google.protobuf.Duration duration) {
        return Duration.ofSeconds(duration.getSeconds(), duration.getNanos());
    }

    private static Instant instant(boolean present, Timestamp timestamp) {
        return present ? Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()) : null;
    }
}
