package dev.workcluster.leader.access;

import com.google.common.net.InetAddresses;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * Finds out who calls, and lets the call through only if that caller's role allows the method
 * ({@link AccessPolicy}); the caller is then {@link Caller#current()} for the rest of the call.
 * The caller is the subject of the client certificate that mutual TLS verified, or, for a call
 * from a trusted proxy (nginx terminating mTLS), the subject the proxy names in
 * {@link #SUBJECT_HEADER}; when that caller is another node forwarding a call, the caller it
 * names in {@link #FORWARDED_SUBJECT_HEADER}. Anyone else's headers are ignored.
 * With access control off (no TLS, no trusted proxy) every call passes as before.
 */
public final class CallerIdentity implements ServerInterceptor {
    /** The verified subject (RFC 2253), as nginx's {@code $ssl_client_s_dn} gives it. */
    public static final Metadata.Key<String> SUBJECT_HEADER =
            Metadata.Key.of("x-workcluster-client-subject", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * The caller a node forwards a call for (a follower passing a write to the leader). Believed only
     * from a caller verified as a node, directly or through a trusted proxy, which overwrites
     * {@link #SUBJECT_HEADER} with the node's own subject.
     */
    public static final Metadata.Key<String> FORWARDED_SUBJECT_HEADER =
            Metadata.Key.of("x-workcluster-forwarded-subject", Metadata.ASCII_STRING_MARSHALLER);

    private final boolean enforced;
    private final List<InetAddress> trustedProxies = new ArrayList<>();

    public CallerIdentity(AccessSettings settings) {
        this.enforced = settings.enforced();
        for (String proxy : settings.trustedProxies()) {
            trustedProxies.add(InetAddresses.forString(proxy.trim()));
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String named = headers.get(SUBJECT_HEADER);
        String forwardedFor = headers.get(FORWARDED_SUBJECT_HEADER);
        headers.discardAll(SUBJECT_HEADER); // what follows must not take a caller's word for it
        headers.discardAll(FORWARDED_SUBJECT_HEADER);
        if (!enforced) {
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        Caller caller;
        try {
            caller = identify(call, named);
            if (caller != null && caller.role() == Role.NODE && forwardedFor != null) {
                caller = Caller.fromSubject(forwardedFor); // another node, forwarding this caller's call
            }
        } catch (IllegalArgumentException e) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(e.getMessage() + "; calling " + method));
        }
        if (caller == null) {
            return refuse(
                    call,
                    Status.UNAUTHENTICATED.withDescription("calling " + method + " needs a verified client certificate "
                            + "(mutual TLS, or through a trusted proxy); this call has none"));
        }
        if (!AccessPolicy.allows(caller.role(), method)) {
            return refuse(
                    call, Status.PERMISSION_DENIED.withDescription(caller.describe() + " may not call " + method));
        }
        return Contexts.interceptCall(Context.current().withValue(Caller.CURRENT, caller), call, headers, next);
    }

    /** The caller, or null when nothing says who it is. */
    private <Q, R> Caller identify(ServerCall<Q, R> call, String named) {
        SSLSession tls = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (tls != null) {
            return Caller.fromSubject(peerSubject(tls));
        }
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress inet && trustedProxies.contains(inet.getAddress())) {
            return named == null || named.isBlank() ? null : Caller.fromSubject(named);
        }
        return null;
    }

    private static String peerSubject(SSLSession tls) {
        try {
            Certificate[] chain = tls.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
                return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
            }
        } catch (SSLPeerUnverifiedException e) {
            throw new IllegalArgumentException("the client certificate was not verified");
        }
        throw new IllegalArgumentException("the client presented no X.509 certificate");
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
