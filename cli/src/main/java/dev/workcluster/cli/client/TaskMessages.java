package dev.workcluster.cli.client;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import dev.workcluster.client.TaskInfo;
import dev.workcluster.client.TaskPriority;
import dev.workcluster.client.TaskState;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Instant;

/**
 * The client's tasks as the wire's {@link Task} again: {@code -o json} prints the wire message (scripts
 * depend on its field names), and the tables render it. The leader always sends priority, status
 * and creation time, so the message made here is the one it sent.
 */
public final class TaskMessages {
    private static final String STATUS = "TASK_STATUS_";
    private static final String PRIORITY = "TASK_PRIORITY_";

    private TaskMessages() {}

    public static Task task(TaskInfo info) {
        Task.Builder task = Task.newBuilder()
                .setId(info.id())
                .setPayload(info.payload())
                .setPriority(dev.workcluster.proto.scheduler.v1.TaskPriority.valueOf(
                        PRIORITY + info.priority().name()))
                .setStatus(status(info.state()))
                .setWorkerId(info.workerId())
                .setAttempt(info.attempt())
                .setMaxAttempts(info.maxAttempts())
                .setError(info.error())
                .setResult(info.result());
        if (info.createdAt() != null) {
            task.setCreatedAt(timestamp(info.createdAt()));
        }
        if (info.startedAt() != null) {
            task.setStartedAt(timestamp(info.startedAt()));
        }
        if (info.finishedAt() != null) {
            task.setFinishedAt(timestamp(info.finishedAt()));
        }
        if (info.startToClose() != null) {
            task.setStartToClose(Durations.fromNanos(info.startToClose().toNanos()));
        }
        if (info.scheduleToStart() != null) {
            task.setScheduleToStart(Durations.fromNanos(info.scheduleToStart().toNanos()));
        }
        if (info.heartbeatTimeout() != null) {
            task.setHeartbeatTimeout(Durations.fromNanos(info.heartbeatTimeout().toNanos()));
        }
        if (info.runAt() != null) {
            task.setRunAt(timestamp(info.runAt()));
        }
        return task.build();
    }

    public static TaskStatus status(TaskState state) {
        return TaskStatus.valueOf(STATUS + state.name());
    }

    /** {@code status} is one a task can be in (not UNSPECIFIED). */
    public static TaskState state(TaskStatus status) {
        return TaskState.valueOf(status.name().substring(STATUS.length()));
    }

    public static TaskPriority priority(dev.workcluster.proto.scheduler.v1.TaskPriority priority) {
        return TaskPriority.valueOf(priority.name().substring(PRIORITY.length()));
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }
}
