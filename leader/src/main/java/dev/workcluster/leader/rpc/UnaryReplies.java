package dev.workcluster.leader.rpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Bridges a handler's future to a unary response, mapping every failure through {@link StatusMapping}. */
final class UnaryReplies {
    private UnaryReplies() {}

    static <T> void reply(StreamObserver<T> observer, Supplier<CompletableFuture<T>> handler) {
        CompletableFuture<T> response;
        try {
            response = handler.get();
        } catch (RuntimeException e) {
            observer.onError(StatusMapping.toStatus(e));
            return;
        }
        response.whenComplete((value, error) -> {
            if (error != null) {
                observer.onError(StatusMapping.toStatus(error));
            } else {
                observer.onNext(value);
                observer.onCompleted();
            }
        });
    }

    static <T> void replyNow(StreamObserver<T> observer, Supplier<T> handler) {
        reply(observer, () -> CompletableFuture.completedFuture(handler.get()));
    }
}
