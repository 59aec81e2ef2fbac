package dev.workcluster.leader.testing;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A session stream driven message by message, to test the leader's side of the protocol directly. */
public final class RawSession {
    private final List<SessionResponse> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final StreamObserver<SessionRequest> requests;

    public RawSession(Channel channel) {
        requests = LeaderServiceGrpc.newStub(channel).session(new StreamObserver<>() {
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
