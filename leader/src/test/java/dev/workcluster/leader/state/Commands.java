package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.AssignTask;
import dev.workcluster.leader.state.proto.AttemptRef;
import dev.workcluster.leader.state.proto.CancelTask;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.ExpireMember;
import dev.workcluster.leader.state.proto.JoinMember;
import dev.workcluster.leader.state.proto.LeaveMember;
import dev.workcluster.leader.state.proto.ReleaseDueTasks;
import dev.workcluster.leader.state.proto.ReleaseTask;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.TimeOutTask;
import dev.workcluster.leader.state.proto.TimeoutKind;
import java.util.List;

/**
 * Test-data builders for state machine commands, so tests read like specs:
 * {@code at(5_000, assign("t1", "w1", 1))}. Commands carry now_millis 0 unless wrapped in {@link #at}.
 */
final class Commands {
    private Commands() {}

    /** The same command, stamped with the leader's clock. */
    static Command at(long nowMillis, Command command) {
        return command.toBuilder().setNowMillis(nowMillis).build();
    }

    static Command schedule(String id, String payload) {
        return schedule(ScheduleTask.newBuilder().setId(id).setPayload(payload));
    }

    static Command schedule(String id, String payload, Priority priority) {
        return schedule(ScheduleTask.newBuilder().setId(id).setPayload(payload).setPriority(priority.wireNumber));
    }

    static Command scheduleWithAttempts(String id, String payload, int maxAttempts) {
        return schedule(ScheduleTask.newBuilder().setId(id).setPayload(payload).setMaxAttempts(maxAttempts));
    }

    /** A task with a run_at and timeouts (leader-clock milliseconds, 0 = none). */
    static Command schedule(String id, String payload, TaskTiming timing) {
        return schedule(ScheduleTask.newBuilder()
                .setId(id)
                .setPayload(payload)
                .setRunAtMillis(timing.runAtMillis())
                .setStartToCloseMillis(timing.startToCloseMillis())
                .setScheduleToStartMillis(timing.scheduleToStartMillis())
                .setHeartbeatTimeoutMillis(timing.heartbeatTimeoutMillis()));
    }

    static Command releaseDue(String... taskIds) {
        return Command.newBuilder()
                .setReleaseDueTasks(ReleaseDueTasks.newBuilder().addAllTaskIds(List.of(taskIds)))
                .build();
    }

    static Command timeOut(String taskId, TimeoutKind kind, int attempt, int assignment) {
        return Command.newBuilder()
                .setTimeOutTask(TimeOutTask.newBuilder()
                        .setTaskId(taskId)
                        .setKind(kind)
                        .setAttempt(attempt)
                        .setAssignment(assignment))
                .build();
    }

    static Command schedule(ScheduleTask.Builder task) {
        return Command.newBuilder().setScheduleTask(task).build();
    }

    static Command cancel(String id) {
        return Command.newBuilder()
                .setCancelTask(CancelTask.newBuilder().setId(id))
                .build();
    }

    static Command assign(String taskId, String memberId, int attempt) {
        return Command.newBuilder()
                .setAssignTask(AssignTask.newBuilder()
                        .setTaskId(taskId)
                        .setMemberId(memberId)
                        .setAttempt(attempt))
                .build();
    }

    static Command complete(String id, int attempt, String result) {
        return Command.newBuilder()
                .setCompleteTask(
                        CompleteTask.newBuilder().setId(id).setAttempt(attempt).setResult(result))
                .build();
    }

    static Command fail(String id, int attempt, String error) {
        return Command.newBuilder()
                .setCompleteTask(CompleteTask.newBuilder()
                        .setId(id)
                        .setAttempt(attempt)
                        .setFailed(true)
                        .setError(error))
                .build();
    }

    /** A run handed back before it started: its attempt is not used. */
    static Command release(String taskId, String memberId, int attempt) {
        return Command.newBuilder()
                .setReleaseTask(releaseTask(taskId, memberId, attempt))
                .build();
    }

    /** A seed (push-mode) worker joining with its WorkerService at {@link #addressOf(String)}. */
    static Command join(String id, int slots) {
        return join(id, addressOf(id), slots, dev.workcluster.leader.state.proto.Transport.TRANSPORT_PUSH);
    }

    /** A library worker joining over its session stream. */
    static Command joinStream(String id, int slots) {
        return join(id, "", slots, dev.workcluster.leader.state.proto.Transport.TRANSPORT_STREAM);
    }

    static Command join(String id, String address, int slots, dev.workcluster.leader.state.proto.Transport transport) {
        return Command.newBuilder()
                .setJoinMember(JoinMember.newBuilder()
                        .setId(id)
                        .setAddress(address)
                        .setSlots(slots)
                        .setTransport(transport))
                .build();
    }

    /** A stream worker's hello after a reconnect: it still runs these (task id, attempt) pairs. */
    static Command reconnectStream(String id, int slots, Object... taskIdAttemptPairs) {
        JoinMember.Builder join = JoinMember.newBuilder()
                .setId(id)
                .setAddress(addressOf(id))
                .setSlots(slots)
                .setTransport(dev.workcluster.leader.state.proto.Transport.TRANSPORT_STREAM);
        for (int i = 0; i < taskIdAttemptPairs.length; i += 2) {
            join.addRunning(AttemptRef.newBuilder()
                    .setTaskId((String) taskIdAttemptPairs[i])
                    .setAttempt((Integer) taskIdAttemptPairs[i + 1]));
        }
        return Command.newBuilder().setJoinMember(join).build();
    }

    static Command failFinally(String id, int attempt, String error) {
        return Command.newBuilder()
                .setCompleteTask(CompleteTask.newBuilder()
                        .setId(id)
                        .setAttempt(attempt)
                        .setFailed(true)
                        .setError(error)
                        .setNonRetryable(true))
                .build();
    }

    /** A report fenced by assignment number, as library workers send it. */
    static Command failAssignment(String id, int attempt, int assignment, String error) {
        return Command.newBuilder()
                .setCompleteTask(CompleteTask.newBuilder()
                        .setId(id)
                        .setAttempt(attempt)
                        .setAssignment(assignment)
                        .setFailed(true)
                        .setError(error))
                .build();
    }

    static Command leave(String id) {
        return Command.newBuilder()
                .setLeaveMember(LeaveMember.newBuilder().setId(id))
                .build();
    }

    static Command expire(String id) {
        return Command.newBuilder()
                .setExpireMember(ExpireMember.newBuilder().setId(id))
                .build();
    }

    /** An expiry meant for one incarnation of the member. */
    static Command expire(String id, long incarnation) {
        return Command.newBuilder()
                .setExpireMember(ExpireMember.newBuilder().setId(id).setIncarnation(incarnation))
                .build();
    }

    /** The join of a stream worker process that names itself {@code instance}, reporting these runs. */
    static Command joinFrom(String instance, String id, int slots, Object... taskIdAttemptPairs) {
        JoinMember.Builder join = reconnectStream(id, slots, taskIdAttemptPairs).getJoinMember().toBuilder()
                .setInstance(instance);
        return Command.newBuilder().setJoinMember(join).build();
    }

    /** A run that may have started ends: it uses up its attempt. */
    static Command releaseUsed(String taskId, String memberId, int attempt, String reason) {
        return Command.newBuilder()
                .setReleaseTask(releaseTask(taskId, memberId, attempt)
                        .setAttemptUsed(true)
                        .setReason(reason))
                .build();
    }

    private static ReleaseTask.Builder releaseTask(String taskId, String memberId, int attempt) {
        return ReleaseTask.newBuilder().setTaskId(taskId).setMemberId(memberId).setAttempt(attempt);
    }

    static Command completeFrom(String memberId, String id, String result) {
        return Command.newBuilder()
                .setCompleteTask(CompleteTask.newBuilder()
                        .setId(id)
                        .setMemberId(memberId)
                        .setResult(result))
                .build();
    }

    static String addressOf(String memberId) {
        return memberId + ".local:40041";
    }
}
