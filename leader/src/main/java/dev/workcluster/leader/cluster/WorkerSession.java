package dev.workcluster.leader.cluster;

import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The leader's end of one library worker's open session stream. gRPC's outbound
 * observer is not thread-safe and the dispatcher, the session's own handler and
 * the expiry timer all send on it, so every send is serialised here.
 */
public final class WorkerSession {
    private final String memberId;
    private final long incarnation;
    private final StreamObserver<SessionResponse> outbound;
    private boolean closed;

    /** {@code incarnation}: the member's incarnation its Join produced, which fences its expiry. */
    public WorkerSession(String memberId, long incarnation, StreamObserver<SessionResponse> outbound) {
        this.memberId = memberId;
        this.incarnation = incarnation;
        this.outbound = outbound;
    }

    public String memberId() {
        return memberId;
    }

    public long incarnation() {
        return incarnation;
    }

    /** False when the stream is already closed: the message was not sent. */
    public synchronized boolean send(SessionResponse message) {
        if (closed) {
            return false;
        }
        try {
            outbound.onNext(message);
            return true;
        } catch (RuntimeException e) {
            closed = true; // the call was cancelled under us: the worker is gone
            return false;
        }
    }

    /** Ends the stream normally (after a Goodbye). */
    public synchronized void complete() {
        if (!closed) {
            closed = true;
            outbound.onCompleted();
        }
    }

    /** Ends the stream with a status the worker reacts to (it reconnects). */
    public synchronized void close(Status status) {
        if (!closed) {
            closed = true;
            try {
                outbound.onError(status.asRuntimeException());
            } catch (RuntimeException e) {
                // already cancelled by the peer: nothing left to tell it
            }
        }
    }

    /** The worker's side went away (stream error or half-close). */
    public synchronized void markClosed() {
        closed = true;
    }

    public synchronized boolean isOpen() {
        return !closed;
    }
}
