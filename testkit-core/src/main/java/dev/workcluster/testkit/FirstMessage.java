package dev.workcluster.testkit;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * Observes the messages of a gRPC call for the first one only: {@link #future()} completes with it, fails with
 * the call's error, or, when the call ends without a message, fails with an {@link IllegalStateException} saying
 * so. For tests that open a stream to see how a node answers it.
 *
 * <pre>{@code
 * FirstMessage<SessionResponse> answer = new FirstMessage<>("the session ended without an answer");
 * StreamObserver<SessionRequest> requests = LeaderServiceGrpc.newStub(channel).session(answer);
 * requests.onNext(hello);
 * SessionResponse welcome = answer.future().get(10, TimeUnit.SECONDS);
 * }</pre>
 *
 * @param <T> the call's response message
 */
public final class FirstMessage<T> implements StreamObserver<T> {
    private final CompletableFuture<T> first = new CompletableFuture<>();
    private final String endedWithout;

    /** @param endedWithout the message of the failure when the call ends without a message */
    public FirstMessage(String endedWithout) {
        this.endedWithout = endedWithout;
    }

    /** The first message, or how the call ended without one; later messages are dropped. */
    public CompletableFuture<T> future() {
        return first;
    }

    @Override
    public void onNext(T value) {
        first.complete(value);
    }

    @Override
    public void onError(Throwable error) {
        first.completeExceptionally(error);
    }

    @Override
    public void onCompleted() {
        first.completeExceptionally(new IllegalStateException(endedWithout));
    }
}
