package dev.workcluster.worker.internal;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Consumer;

/**
 * Unary calls to whichever leader address is current, answered on a {@link ControlThread}.
 * A call that finds the leader unreachable moves on to the next address for the next call.
 * Used only from the control thread.
 */
final class UnaryCalls {
    /** Starts one RPC on the channel, answering the observer. */
    @FunctionalInterface
    interface Invocation<T> {
        void invoke(Channel channel, StreamObserver<T> observer);
    }

    private final Channels channels;
    private final ControlThread control;
    private final LeaderAddresses addresses;

    UnaryCalls(Channels channels, ControlThread control, LeaderAddresses addresses) {
        this.channels = channels;
        this.control = control;
        this.addresses = addresses;
    }

    String currentAddress() {
        return addresses.current();
    }

    <T> void call(Invocation<T> invocation, Consumer<T> onSuccess, Consumer<Status> onFailure) {
        String address = addresses.current();
        try {
            invocation.invoke(channels.get(address), new StreamObserver<>() {
                private T value;

                @Override
                public void onNext(T response) {
                    value = response;
                }

                @Override
                public void onError(Throwable t) {
                    Status status = Status.fromThrowable(t);
                    control.post(() -> {
                        if (isTransient(status) && address.equals(addresses.current())) {
                            addresses.rotate();
                        }
                        onFailure.accept(status);
                    });
                }

                @Override
                public void onCompleted() {
                    control.post(() -> onSuccess.accept(value));
                }
            });
        } catch (RuntimeException e) {
            Status status = Status.UNAVAILABLE.withDescription(e.toString());
            control.post(() -> onFailure.accept(status));
        }
    }

    /** Worth another try, perhaps at another address. */
    static boolean isTransient(Status status) {
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED -> true;
            default -> false;
        };
    }
}
