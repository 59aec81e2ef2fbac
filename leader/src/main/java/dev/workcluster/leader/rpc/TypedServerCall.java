package dev.workcluster.leader.rpc;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * The call a service sees under {@link RequestDecoding}: its typed method over the call that
 * carries requests as read off the wire. A refusal closes the call from gRPC's callback thread
 * while a streaming service may be sending from its own threads, so sends, headers and close
 * take this call's lock. Once the call is over for the service (refused here, or cancelled) they
 * go nowhere: when gRPC itself ends a stream whose client is still sending (a request over the
 * size limit), a close from the service would write a second set of trailers, which Netty
 * answers with a GOAWAY that fails every call on the connection.
 */
final class TypedServerCall<Q, R> extends ServerCall<Q, R> {
    /**
     * Longest status message sent: it travels in a header, and clients refuse large headers (8 KiB
     * in grpc-java, percent-encoded) with INTERNAL; some services quote whole client values.
     */
    static final int MAX_DESCRIPTION_CHARS = 512;

    private final ServerCall<RequestDecoding.WireRequest, R> raw;
    private final MethodDescriptor<Q, R> method;
    private volatile boolean over;

    TypedServerCall(ServerCall<RequestDecoding.WireRequest, R> raw, MethodDescriptor<Q, R> method) {
        this.raw = raw;
        this.method = method;
    }

    /** Ends the call with {@code status} unless the service already closed it. */
    synchronized void refuse(Status status) {
        if (!over) {
            over = true;
            try {
                raw.close(bounded(status), new Metadata());
            } catch (IllegalStateException alreadyClosed) {
                // the service answered first: its answer stands
            }
        }
    }

    /** gRPC cancelled the call (the client did, or the transport for a request it could not take). */
    synchronized void cancelled() {
        over = true;
    }

    boolean over() {
        return over;
    }

    @Override
    public void request(int numMessages) {
        raw.request(numMessages);
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
        if (!over) {
            raw.sendHeaders(headers);
        }
    }

    @Override
    public synchronized void sendMessage(R message) {
        if (!over) {
            raw.sendMessage(message);
        }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
        if (!over) {
            raw.close(bounded(status), trailers);
        }
    }

    private static Status bounded(Status status) {
        String description = status.getDescription();
        return description == null || description.length() <= MAX_DESCRIPTION_CHARS
                ? status
                : status.withDescription(description.substring(0, MAX_DESCRIPTION_CHARS) + "… (cut from "
                        + description.length() + " characters)");
    }

    @Override
    public boolean isReady() {
        return !over && raw.isReady();
    }

    @Override
    public boolean isCancelled() {
        return raw.isCancelled();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
        raw.setMessageCompression(enabled);
    }

    @Override
    public void setCompression(String compressor) {
        raw.setCompression(compressor);
    }

    @Override
    public void setOnReadyThreshold(int numBytes) {
        raw.setOnReadyThreshold(numBytes);
    }

    @Override
    public SecurityLevel getSecurityLevel() {
        return raw.getSecurityLevel();
    }

    @Override
    public Attributes getAttributes() {
        return raw.getAttributes();
    }

    @Override
    public String getAuthority() {
        return raw.getAuthority();
    }

    @Override
    public void triggerEvent(Object event) {
        raw.triggerEvent(event);
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
        return method;
    }
}
