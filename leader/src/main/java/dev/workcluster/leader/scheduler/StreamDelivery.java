package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.cluster.WorkerSessions;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.StartTask;
import dev.workcluster.proto.cluster.v1.StartTasks;
import dev.workcluster.proto.cluster.v1.StopTask;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Library workers: assignments go down their open session stream. The stream is
 * ordered and the worker reports back what it still runs when it reconnects, so
 * a StartTask that was sent needs no acknowledgement of its own.
 */
final class StreamDelivery implements Delivery {
    private final WorkerSessions sessions;

    StreamDelivery(WorkerSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean canReceive(MemberRecord member) {
        return sessions.isConnected(member.id()) && !sessions.isDraining(member.id());
    }

    @Override
    public CompletableFuture<Boolean> start(Assignment a) {
        return CompletableFuture.completedFuture(sessions.send(
                a.memberId(), SessionResponse.newBuilder().setStart(startOf(a)).build()));
    }

    /** Whether the member's open session takes several starts per message. */
    boolean takesBatches(String memberId) {
        return sessions.takesBatches(memberId);
    }

    /** Several starts for one member in one StartTasks message; true when it was sent. */
    boolean startAll(String memberId, List<Assignment> starts) {
        if (starts.isEmpty()) {
            return true;
        }
        StartTasks.Builder batch = StartTasks.newBuilder();
        starts.forEach(a -> batch.addTasks(startOf(a)));
        return sessions.send(
                memberId, SessionResponse.newBuilder().setStarts(batch).build());
    }

    private static StartTask startOf(Assignment a) {
        return StartTask.newBuilder()
                .setTaskId(a.taskId())
                .setPayload(a.payload())
                .setAttempt(a.attempt())
                .setMaxAttempts(a.maxAttempts())
                .setAssignment(a.assignment())
                .setHeartbeatTimeoutMs((int) Math.min(Integer.MAX_VALUE, a.heartbeatTimeoutMillis()))
                .build();
    }

    @Override
    public void stop(String memberId, String address, String taskId, int attempt, int assignment, String reason) {
        sessions.send(
                memberId,
                SessionResponse.newBuilder()
                        .setStop(StopTask.newBuilder()
                                .setTaskId(taskId)
                                .setAttempt(attempt)
                                .setAssignment(assignment)
                                .setReason(reason))
                        .build());
    }
}
