package dev.workcluster.leader.testing;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A session stream driven message by message, to test the leader's side of the protocol directly. */
public final class RawSession {
    private final List<SessionResponse> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final StreamObserver<SessionRequest> requests;
    private final boolean reading;
    private volatile ClientCallStreamObserver<SessionRequest> call;

    public RawSession(Channel channel) {
        this(channel, true);
    }

    private RawSession(Channel channel, boolean reading) {
        this.reading = reading;
        requests = LeaderServiceGrpc.newStub(channel)
                .session(new ClientResponseObserver<SessionRequest, SessionResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<SessionRequest> stream) {
                        call = stream;
                        if (!reading) {
                            stream.disableAutoRequestWithInitial(0);
                        }
                    }

                    @Override
                    public void onNext(SessionResponse value) {
                        received.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.OK);
                    }
                });
    }

    /**
     * A worker that never reads what the leader sends (until {@link #startReading()}): gRPC
     * flow control stops the leader's writes once the transport's window is full.
     */
    public static RawSession notReading(Channel channel) {
        return new RawSession(channel, false);
    }

    /** A session made with {@link #notReading} reads from now on: what the leader holds arrives, then its end. */
    public void startReading() {
        if (!reading) {
            call.request(Integer.MAX_VALUE);
        }
    }

    public RawSession send(SessionRequest request) {
        requests.onNext(request);
        return this;
    }

    public List<SessionResponse> received() {
        return received;
    }

    /** How the leader ended the stream; completes when it does. */
    public CompletableFuture<Status> ended() {
        return ended;
    }

    public void cancel() {
        requests.onError(Status.CANCELLED.asRuntimeException());
    }

    public void halfClose() {
        requests.onCompleted();
    }
}
