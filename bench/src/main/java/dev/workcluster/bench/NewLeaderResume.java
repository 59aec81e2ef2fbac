package dev.workcluster.bench;

import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.Channel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Which worker-side start after the kill was the first one the new leader assigned. A start
 * right after the kill may still come from the old leader (its StartWork was on the wire): a
 * start counts only if the task's record shows that same attempt assigned (started_at, stamped
 * by the proposing leader) after the old leader's process was gone.
 */
final class NewLeaderResume {
    /** Looked-up starts at most: the first new-leader start is among the first few in practice. */
    static final int MAX_LOOKUPS = 2_000;

    private NewLeaderResume() {}

    /** The first start assigned by the new leader, reading each task's record from {@code channel}. */
    static Optional<TaskLedger.Start> first(
            List<TaskLedger.Start> startsSinceKill, long goneAtMillis, Channel channel) {
        SchedulerServiceGrpc.SchedulerServiceBlockingStub stub = SchedulerServiceGrpc.newBlockingStub(channel);
        return first(
                startsSinceKill,
                goneAtMillis,
                id -> stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getTask(GetTaskRequest.newBuilder().setId(id).build())
                        .getTask());
    }

    /**
     * @param startsSinceKill worker-side starts since the kill, earliest first
     * @param goneAtMillis    wall-clock time by which the killed process had exited
     * @param records         a task's record as the leader keeps it now
     */
    static Optional<TaskLedger.Start> first(
            List<TaskLedger.Start> startsSinceKill, long goneAtMillis, Function<String, Task> records) {
        for (TaskLedger.Start start : startsSinceKill.subList(0, Math.min(MAX_LOOKUPS, startsSinceKill.size()))) {
            Task record = records.apply(start.taskId());
            if (record.getAttempt() == start.attempt() && CompletedTasks.millis(record.getStartedAt()) > goneAtMillis) {
                return Optional.of(start);
            }
        }
        return Optional.empty();
    }
}
