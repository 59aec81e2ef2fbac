package dev.workcluster.worker.testing;

import dev.workcluster.proto.cluster.v1.Redirect;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.StartTask;
import dev.workcluster.proto.cluster.v1.StopTask;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.proto.cluster.v1.Welcome;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One Session stream as the scripted leader sees it: every message the worker sent, in
 * order, and methods to send the leader's messages. Sends are serialized.
 */
public final class ScriptedSession {
    private final StreamObserver<SessionResponse> out;
    private final List<SessionRequest> received = new CopyOnWriteArrayList<>();
    private volatile boolean workerHalfClosed;
    private volatile Status workerError;
    private boolean closed;

    ScriptedSession(StreamObserver<SessionResponse> out) {
        this.out = out;
    }

    void record(SessionRequest request) {
        received.add(request);
    }

    void markWorkerHalfClosed() {
        workerHalfClosed = true;
    }

    void markWorkerFailed(Status status) {
        workerError = status;
        synchronized (this) {
            closed = true;
        }
    }

    /** Everything the worker sent on this stream, in order. */
    public List<SessionRequest> received() {
        return List.copyOf(received);
    }

    /** What the worker sent of one kind, in order. */
    public List<SessionRequest> received(SessionRequest.KindCase kind) {
        return received.stream().filter(r -> r.getKindCase() == kind).toList();
    }

    /** The worker's messages without heartbeats, as kinds in order. */
    public List<SessionRequest.KindCase> kindsWithoutHeartbeats() {
        return received.stream()
                .map(SessionRequest::getKindCase)
                .filter(k -> k != SessionRequest.KindCase.HEARTBEAT)
                .toList();
    }

    public boolean workerHalfClosed() {
        return workerHalfClosed;
    }

    /** Non-null once the worker cancelled the call. */
    public Status workerError() {
        return workerError;
    }

    public synchronized void send(SessionResponse response) {
        if (!closed) {
            out.onNext(response);
        }
    }

    public void welcome() {
        send(SessionResponse.newBuilder()
                .setWelcome(
                        Welcome.newBuilder().setMemberId("m").setNodeId("n1").setReconnectGraceMs(5000))
                .build());
    }

    public void startTask(String taskId, String payload, int attempt, int maxAttempts) {
        send(SessionResponse.newBuilder()
                .setStart(StartTask.newBuilder()
                        .setTaskId(taskId)
                        .setPayload(payload)
                        .setAttempt(attempt)
                        .setMaxAttempts(maxAttempts))
                .build());
    }

    public void stopTask(String taskId, int attempt) {
        send(SessionResponse.newBuilder()
                .setStop(StopTask.newBuilder()
                        .setTaskId(taskId)
                        .setAttempt(attempt)
                        .setReason("cancelled by test"))
                .build());
    }

    public void ack(String taskId, int attempt) {
        send(SessionResponse.newBuilder()
                .setOutcomeAck(TaskAttempt.newBuilder().setTaskId(taskId).setAttempt(attempt))
                .build());
    }

    /** Sends Redirect and ends the stream, as a follower does. */
    public void redirect(String leaderAddress) {
        send(SessionResponse.newBuilder()
                .setRedirect(Redirect.newBuilder().setLeaderAddress(leaderAddress))
                .build());
        complete();
    }

    public synchronized void fail(Status status) {
        if (!closed) {
            closed = true;
            out.onError(status.asRuntimeException());
        }
    }

    public synchronized void complete() {
        if (!closed) {
            closed = true;
            out.onCompleted();
        }
    }
}
