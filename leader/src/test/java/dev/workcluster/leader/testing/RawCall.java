package dev.workcluster.leader.testing;

import dev.workcluster.testkit.RawBytes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC call that sends raw bytes as its request messages, as many as it is given, so a
 * test can send what no generated stub would: bytes that do not parse, two requests to a
 * unary method, none at all.
 */
public final class RawCall {
    /** How a call ended: its status, or null when it was still open when the caller stopped waiting. */
    public record Outcome(Status status, List<byte[]> responses) {
        public boolean open() {
            return status == null;
        }

        @Override
        public String toString() {
            return open()
                    ? "still open after " + responses.size() + " responses"
                    : status.getCode() + " \"" + status.getDescription() + "\" after " + responses.size()
                            + " responses";
        }
    }

    /** What the client does once it has sent its messages. */
    public enum End {
        HALF_CLOSE,
        CANCEL,
        NOTHING
    }

    private RawCall() {}

    public static MethodDescriptor<byte[], byte[]> method(String fullMethodName, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setFullMethodName(fullMethodName)
                .setType(type)
                .setRequestMarshaller(RawBytes.MARSHALLER)
                .setResponseMarshaller(RawBytes.MARSHALLER)
                .build();
    }

    /** Sends {@code messages} and half-closes; see {@link #start(Channel, MethodDescriptor, List, End, Duration, CallOptions)}. */
    public static CompletableFuture<Outcome> start(
            Channel channel,
            MethodDescriptor<byte[], byte[]> method,
            List<byte[]> messages,
            Duration openFor,
            CallOptions options) {
        return start(channel, method, messages, End.HALF_CLOSE, openFor, options);
    }

    /**
     * Sends {@code messages}, then ends its side as {@code end} says. The outcome completes when the
     * call ends, or after {@code openFor} (a call the server keeps open: a watch, a session): then
     * the call is cancelled and the outcome is open.
     */
    public static CompletableFuture<Outcome> start(
            Channel channel,
            MethodDescriptor<byte[], byte[]> method,
            List<byte[]> messages,
            End end,
            Duration openFor,
            CallOptions options) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        List<byte[]> responses = new CopyOnWriteArrayList<>();
        ClientCall<byte[], byte[]> call = channel.newCall(method, options);
        call.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onMessage(byte[] message) {
                        responses.add(message);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        outcome.complete(new Outcome(status, List.copyOf(responses)));
                    }
                },
                new Metadata());
        call.request(Integer.MAX_VALUE);
        messages.forEach(call::sendMessage);
        switch (end) {
            case HALF_CLOSE -> call.halfClose();
            case CANCEL -> call.cancel("the test cancels the call", null);
            case NOTHING -> {}
        }
        return outcome.completeOnTimeout(new Outcome(null, responses), openFor.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> {
                    if (done != null && done.open()) {
                        call.cancel("the test stops waiting: the server keeps this call open", null);
                    }
                });
    }
}
