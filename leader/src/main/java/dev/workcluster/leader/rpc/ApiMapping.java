package dev.workcluster.leader.rpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.QueueSettings;
import dev.workcluster.leader.state.Selector;
import dev.workcluster.leader.state.StateSnapshots;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.proto.LabelRequirement;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.StoredTask;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.util.List;
import java.util.OptionalLong;

/** State records to wire messages. */
final class ApiMapping {
    private ApiMapping() {}

    static Task task(TaskRecord task) {
        return task(StateSnapshots.encode(task));
    }

    static Task task(StoredTask stored) {
        Task.Builder task = Task.newBuilder()
                .setId(stored.getId())
                .setPayload(stored.getPayload())
                .setPriority(TaskPriority.forNumber(stored.getPriority()))
                .setStatus(TaskStatus.forNumber(stored.getStatus()))
                .setWorkerId(stored.getMemberId())
                .setAttempt(stored.getAttempt())
                .setMaxAttempts(stored.getMaxAttempts())
                .setError(stored.getError())
                .setResult(stored.getResult())
                .setCreatedAt(timestamp(stored.getCreatedMillis()));
        if (stored.getStartedMillis() > 0) {
            task.setStartedAt(timestamp(stored.getStartedMillis()));
        }
        if (stored.getFinishedMillis() > 0) {
            task.setFinishedAt(timestamp(stored.getFinishedMillis()));
        }
        if (stored.getRunAtMillis() > 0) {
            task.setRunAt(timestamp(stored.getRunAtMillis()));
        }
        return runOptions(
                        task,
                        stored.getStartToCloseMillis(),
                        stored.getScheduleToStartMillis(),
                        stored.getHeartbeatTimeoutMillis(),
                        stored.getSelectorList())
                .setQueue(stored.getQueue().isEmpty() ? QueueSettings.DEFAULT_QUEUE : stored.getQueue())
                .build();
    }

    /** What each firing of a recurring schedule schedules: its task without an id or a run_at. */
    static Task template(ScheduleTask command) {
        Task.Builder task = Task.newBuilder()
                .setPayload(command.getPayload())
                .setPriority(TaskPriority.forNumber(command.getPriority()))
                .setMaxAttempts(command.getMaxAttempts());
        return runOptions(
                        task,
                        command.getStartToCloseMillis(),
                        command.getScheduleToStartMillis(),
                        command.getHeartbeatTimeoutMillis(),
                        command.getSelectorList())
                .setQueue(command.getQueue().isEmpty() ? QueueSettings.DEFAULT_QUEUE : command.getQueue())
                .build();
    }

    /** The timeouts (0 = none) and the selector, as a task states them on the wire. */
    private static Task.Builder runOptions(
            Task.Builder task,
            long startToCloseMillis,
            long scheduleToStartMillis,
            long heartbeatTimeoutMillis,
            List<LabelRequirement> selector) {
        if (startToCloseMillis > 0) {
            task.setStartToClose(duration(startToCloseMillis));
        }
        if (scheduleToStartMillis > 0) {
            task.setScheduleToStart(duration(scheduleToStartMillis));
        }
        if (heartbeatTimeoutMillis > 0) {
            task.setHeartbeatTimeout(duration(heartbeatTimeoutMillis));
        }
        if (!selector.isEmpty()) {
            task.setSelector(new Selector(selector).toString());
        }
        return task;
    }

    /** {@code condition}: what soft state adds to the status text ("draining", ...), or "". */
    static Member member(MemberRecord member, OptionalLong lastHeartbeatMillis, String condition) {
        Member.Builder out = Member.newBuilder()
                .setId(member.id())
                .setAddress(member.address())
                .setStatus(statusText(member, condition))
                .setState(member.alive() ? MemberState.MEMBER_STATE_ALIVE : MemberState.MEMBER_STATE_EXPIRED)
                .setSlots(member.slots())
                .setSlotsUsed(member.runningTaskIds().size())
                .addAllRunningTaskIds(member.runningTaskIds())
                .setTransport(member.transport().label())
                .setJoinedAt(timestamp(member.joinedMillis()))
                .putAllLabels(member.labels())
                .addAllQueues(member.queues());
        lastHeartbeatMillis.ifPresent(millis -> out.setLastHeartbeatAt(timestamp(millis)));
        return out.build();
    }

    static String statusText(MemberRecord member, String condition) {
        if (member.expired()) {
            return "expired";
        }
        int used = member.runningTaskIds().size();
        String load = used == 0 ? "idle" : "busy " + used + "/" + member.slots();
        return condition.isEmpty() ? "alive, " + load : "alive, " + load + ", " + condition;
    }

    static Duration duration(long millis) {
        return Duration.newBuilder()
                .setSeconds(millis / 1000)
                .setNanos((int) (millis % 1000) * 1_000_000)
                .build();
    }

    static Timestamp timestamp(long millis) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000)
                .build();
    }
}
