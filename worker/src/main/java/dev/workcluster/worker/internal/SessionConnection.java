package dev.workcluster.worker.internal;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * One {@code LeaderService/Session} call. Sends are serialized (the outbound observer is
 * not thread-safe) and dropped once the call is over; inbound messages and the end of the
 * call go to a {@link Listener}, tagged with this connection so stale ones can be ignored.
 */
public final class SessionConnection {

    /** Receives what the leader sends; called on gRPC threads, so it must not block. */
    public interface Listener {
        void onMessage(SessionConnection connection, SessionResponse message);

        void onClosed(SessionConnection connection, Status status);
    }

    private final long id;
    private final String address;
    private final Object sendLock = new Object();
    private ClientCallStreamObserver<SessionRequest> requests;
    private boolean done;

    public SessionConnection(long id, String address) {
        this.id = id;
        this.address = address;
    }

    public long id() {
        return id;
    }

    public String address() {
        return address;
    }

    /** Opens the call and sends its first message. */
    public void open(Channel channel, SessionRequest hello, Listener listener) {
        LeaderServiceGrpc.newStub(channel).session(new ClientResponseObserver<SessionRequest, SessionResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<SessionRequest> stream) {
                synchronized (sendLock) {
                    requests = stream;
                }
            }

            @Override
            public void onNext(SessionResponse message) {
                listener.onMessage(SessionConnection.this, message);
            }

            @Override
            public void onError(Throwable t) {
                markDone();
                listener.onClosed(SessionConnection.this, Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                markDone();
                listener.onClosed(SessionConnection.this, Status.OK);
            }
        });
        send(hello);
    }

    /** Sends one message; false if the call is already over. */
    public boolean send(SessionRequest message) {
        synchronized (sendLock) {
            if (done || requests == null) {
                return false;
            }
            requests.onNext(message);
            return true;
        }
    }

    /** Half-closes: the worker has nothing more to say. */
    public void halfClose() {
        synchronized (sendLock) {
            if (!done && requests != null) {
                done = true;
                requests.onCompleted();
            }
        }
    }

    /** Abandons the call; the listener then hears CANCELLED. */
    public void cancel(String reason) {
        synchronized (sendLock) {
            done = true;
            if (requests != null) {
                requests.cancel(reason, null);
            }
        }
    }

    private void markDone() {
        synchronized (sendLock) {
            done = true;
        }
    }

    @Override
    public String toString() {
        return "session#" + id + "@" + address;
    }
}
