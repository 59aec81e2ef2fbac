package dev.workcluster.cli.client;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import dev.workcluster.client.TaskInfo;
import dev.workcluster.client.TaskPriority;
import dev.workcluster.client.TaskState;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
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
                .setPriority(priority(info.priority()))
                .setStatus(status(info.state()))
                .setWorkerId(info.workerId())
                .setAttempt(info.attempt())
                .setMaxAttempts(info.maxAttempts())
                .setError(info.error())
                .setResult(info.result())
                .setSelector(info.selector())
                .setWarning(info.warning())
                .setQueue(info.queue());
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
            task.setStartToClose(duration(info.startToClose()));
        }
        if (info.scheduleToStart() != null) {
            task.setScheduleToStart(duration(info.scheduleToStart()));
        }
        if (info.heartbeatTimeout() != null) {
            task.setHeartbeatTimeout(duration(info.heartbeatTimeout()));
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

    public static dev.workcluster.proto.scheduler.v1.TaskPriority priority(TaskPriority priority) {
        return dev.workcluster.proto.scheduler.v1.TaskPriority.valueOf(PRIORITY + priority.name());
    }

    public static com.google.protobuf.Duration duration(Duration duration) {
        return Durations.fromNanos(duration.toNanos());
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }
}
