package dev.workcluster.leader.rpc;

import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import dev.workcluster.leader.access.RequestCheck;
import io.grpc.BindableService;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes every request of a service here instead of in grpc-java, so that a request the
 * node cannot use is the caller's error, named as such. Left to grpc-java, bytes that do not
 * parse as the request type (random or truncated bytes, invalid UTF-8, nesting past protobuf's
 * limit) and a compressed request that inflates past the message size limit end the call with
 * UNKNOWN ("Application error processing RPC"), and a unary or server-streaming call that sends
 * no request or two of them ends with INTERNAL: all read as a fault of the node. Here the first
 * and the last are INVALID_ARGUMENT naming the method and the problem, the inflated one
 * RESOURCE_EXHAUSTED naming the limit.
 *
 * <p>The service is registered with its requests as read off the wire ({@link WireRequest};
 * its responses keep their types), which is what interceptors see; each call parses them with
 * the method's own marshaller. A request that does not parse never reaches the service; the
 * service hears the refusal as a cancel (a session must not stay registered on a refused
 * stream), and its later sends and close go nowhere.
 */
final class RequestDecoding {
    /** A request as read off the wire: its bytes, or the status it could not be read with. */
    record WireRequest(byte[] bytes, Status unreadable) {}

    private static final MethodDescriptor.Marshaller<WireRequest> WIRE = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(WireRequest request) {
            if (request.unreadable() != null) {
                throw request.unreadable().asRuntimeException(); // forwarded, it fails as reading it did
            }
            return new ByteArrayInputStream(request.bytes());
        }

        /** Never throws: grpc-java would end the call with UNKNOWN. */
        @Override
        public WireRequest parse(InputStream stream) {
            try {
                return new WireRequest(readFully(stream), null);
            } catch (StatusRuntimeException e) { // gRPC's own limit: a compressed request that inflates past it
                return new WireRequest(null, e.getStatus());
            } catch (IOException | RuntimeException e) { // compressed, but not in its format
                return new WireRequest(
                        null,
                        Status.INVALID_ARGUMENT.withDescription(
                                "the request cannot be decompressed: " + e.getMessage()));
            }
        }
    };

    private RequestDecoding() {}

    /**
     * The stream's bytes in an array of their exact size. An uncompressed message arrives as a
     * stream that knows its length; {@code readAllBytes} would allocate a 16 KiB buffer and copy
     * out of it for every message, which at a thousand tasks a second was a third of the node's
     * garbage. A stream that does not know its length (a compressed message) is read to its end.
     */
    static byte[] readFully(InputStream stream) throws IOException {
        if (!(stream instanceof KnownLength)) {
            return stream.readAllBytes();
        }
        int size = stream.available();
        byte[] bytes = new byte[size];
        int read = stream.readNBytes(bytes, 0, size);
        int next = stream.read();
        if (read == size && next == -1) {
            return bytes;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(size + 64);
        all.write(bytes, 0, read);
        if (next != -1) {
            all.write(next);
            stream.transferTo(all);
        }
        return all.toByteArray();
    }

    static ServerServiceDefinition of(BindableService service) {
        return of(service.bindService(), RequestCheck.NONE);
    }

    /** The service, with {@code check} run on each request once it parsed and before the service sees it. */
    static ServerServiceDefinition of(BindableService service, RequestCheck check) {
        return of(service.bindService(), check);
    }

    static ServerServiceDefinition of(ServerServiceDefinition service) {
        return of(service, RequestCheck.NONE);
    }

    static ServerServiceDefinition of(ServerServiceDefinition service, RequestCheck check) {
        List<ServerMethodDefinition<WireRequest, ?>> methods = new ArrayList<>();
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor()); // what server reflection describes
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<WireRequest, ?> raw = raw(method, check);
            descriptor.addMethod(raw.getMethodDescriptor());
            methods.add(raw);
        }
        ServerServiceDefinition.Builder decoded = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(decoded::addMethod);
        return decoded.build();
    }

    private static <Q, R> ServerMethodDefinition<WireRequest, R> raw(
            ServerMethodDefinition<Q, R> definition, RequestCheck check) {
        MethodDescriptor<Q, R> typed = definition.getMethodDescriptor();
        MethodDescriptor<WireRequest, R> raw =
                typed.toBuilder(WIRE, typed.getResponseMarshaller()).build();
        ServerCallHandler<Q, R> handler = definition.getServerCallHandler();
        return ServerMethodDefinition.create(
                raw, (call, headers) -> new Decoder<>(typed, call, handler, headers, check));
    }

    /** One call's listener: parses each request, or refuses the call. Runs on the call's serialised callbacks. */
    private static final class Decoder<Q, R> extends ServerCall.Listener<WireRequest> {
        private final MethodDescriptor<Q, R> method;
        private final TypedServerCall<Q, R> call;
        private final ServerCall.Listener<Q> service;
        private final RequestCheck check;
        private int requests;
        /** The service has heard the call's end (a cancel or a completion): it hears nothing more. */
        private boolean serviceEnded;

        Decoder(
                MethodDescriptor<Q, R> method,
                ServerCall<WireRequest, R> raw,
                ServerCallHandler<Q, R> handler,
                Metadata headers,
                RequestCheck check) {
            this.method = method;
            this.check = check;
            this.call = new TypedServerCall<>(raw, method);
            this.service = handler.startCall(call, headers);
        }

        @Override
        public void onMessage(WireRequest wire) {
            if (call.over()) {
                return;
            }
            if (wire.unreadable() != null) {
                refuse(wire.unreadable()
                        .withDescription("the request to " + method.getFullMethodName() + ": "
                                + wire.unreadable().getDescription()));
                return;
            }
            byte[] bytes = wire.bytes();
            requests++;
            if (method.getType().clientSendsOneMessage() && requests > 1) {
                refuse(Status.INVALID_ARGUMENT.withDescription(
                        method.getFullMethodName() + " takes exactly one request message, got a second one"));
                return;
            }
            Q request;
            try {
                request = parse(bytes);
            } catch (IOException | RuntimeException e) {
                refuse(Status.INVALID_ARGUMENT.withDescription("the request to " + method.getFullMethodName()
                        + " is not a valid " + requestType() + " (" + bytes.length + " bytes): " + rootMessage(e)));
                return;
            }
            Status refused = check.refusal(method.getFullMethodName(), request);
            if (refused != null) {
                refuse(refused);
                return;
            }
            service.onMessage(request);
        }

        @Override
        public void onHalfClose() {
            if (call.over()) {
                return;
            }
            if (method.getType().clientSendsOneMessage() && requests == 0) {
                refuse(Status.INVALID_ARGUMENT.withDescription(
                        method.getFullMethodName() + " takes exactly one request message, got none"));
                return;
            }
            service.onHalfClose();
        }

        @Override
        public void onCancel() {
            call.cancelled();
            endService();
        }

        @Override
        public void onComplete() {
            if (!serviceEnded) {
                serviceEnded = true;
                service.onComplete();
            }
        }

        /**
         * Ends the call, and tells the service as a cancel: it hears nothing more from this call
         * (a session would otherwise stay registered on a stream that is gone).
         */
        private void refuse(Status status) {
            call.refuse(status);
            endService();
        }

        private void endService() {
            if (!serviceEnded) {
                serviceEnded = true;
                service.onCancel();
            }
        }

        @Override
        public void onReady() {
            if (!call.over()) {
                service.onReady();
            }
        }

        @Override
        public void onEvent(Object event) {
            service.onEvent(event);
        }

        /**
         * Parses straight from the array where the request is a protobuf message: through the
         * marshaller's InputStream protobuf would allocate a 4 KiB read buffer per message. The
         * same parser and limits either way.
         */
        @SuppressWarnings("unchecked")
        private Q parse(byte[] bytes) throws IOException {
            if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> proto
                    && proto.getMessagePrototype() instanceof MessageLite prototype) {
                return (Q) prototype.getParserForType().parseFrom(bytes);
            }
            return method.parseRequest(new ByteArrayInputStream(bytes));
        }

        private String requestType() {
            return method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> proto
                            && proto.getMessagePrototype() instanceof Message message
                    ? message.getDescriptorForType().getFullName()
                    : "request message";
        }

        private static String rootMessage(Throwable error) {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getMessage() == null ? root.toString() : root.getMessage();
        }
    }
}
