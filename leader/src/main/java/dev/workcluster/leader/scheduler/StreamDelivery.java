package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.cluster.WorkerSessions;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.StartTask;
import dev.workcluster.proto.cluster.v1.StopTask;
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
        boolean sent = sessions.send(a.memberId(), SessionResponse.newBuilder().setStart(StartTask.newBuilder()
                .setTaskId(a.taskId()).setPayload(a.payload()).setAttempt(a.attempt()).setMaxAttempts(a.maxAttempts())
                        .setAssignment(a.assignment()))
                .build());
        return CompletableFuture.completedFuture(sent);
    }

    @Override
    public void stop(String memberId, String address, String taskId, int attempt, int assignment, String reason) {
        sessions.send(memberId, SessionResponse.newBuilder().setStop(StopTask.newBuilder()
                .setTaskId(taskId).setAttempt(attempt).setAssignment(assignment).setReason(reason)).build());
    }
}
