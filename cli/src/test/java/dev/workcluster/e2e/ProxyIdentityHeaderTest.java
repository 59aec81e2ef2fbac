package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.workcluster.testkit.DevCertificates;
import dev.workcluster.testkit.DevCertificates.CertificateFiles;
import dev.workcluster.testkit.FirstMessage;
import dev.workcluster.testkit.NginxProxy;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What nginx ({@code deploy/nginx/workcluster.conf}) hands its upstream, seen by a plain recording gRPC server
 * rather than a leader: the verified client subject in {@code x-workcluster-client-subject}, never the
 * client's own, and request streams of any length.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyIdentityHeaderTest {
    private static final Metadata.Key<String> SUBJECT =
            Metadata.Key.of("x-workcluster-client-subject", Metadata.ASCII_STRING_MARSHALLER);

    final DevCertificates pki = DevCertificates.get();
    RecordingUpstream upstream;
    NginxProxy proxy;

    @BeforeAll
    void start() throws Exception {
        upstream = new RecordingUpstream();
        proxy = NginxProxy.newBuilder(upstream.address()).start();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            upstream.close();
        }
    }

    @Test
    void upstreamGetsTheVerifiedSubjectInsteadOfTheOneTheClientSent() throws Exception {
        Metadata forged = new Metadata();
        forged.put(SUBJECT, "CN=root,OU=admin,O=workcluster-dev");
        forged.put(SUBJECT, "CN=w2,OU=worker,O=workcluster-dev");

        assertThat(subjectsSeenUpstream(pki.worker("w1"), forged)).containsExactly("CN=w1,OU=worker,O=workcluster-dev");
        assertThat(subjectsSeenUpstream(pki.client("viewer"), new Metadata()))
                .containsExactly("CN=viewer,OU=viewer,O=workcluster-dev");
    }

    private Iterable<String> subjectsSeenUpstream(CertificateFiles client, Metadata sent) throws InterruptedException {
        ManagedChannel channel =
                Grpc.newChannelBuilder(proxy.address(), pki.credentials(client)).build();
        try {
            int before = upstream.headers.size();
            byte[] request = "hello".getBytes(StandardCharsets.UTF_8);
            byte[] reply = ClientCalls.blockingUnaryCall(
                    ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(sent)),
                    RecordingUpstream.ECHO,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    request);
            assertThat(reply).isEqualTo(request);
            assertThat(upstream.headers).hasSize(before + 1);
            return upstream.headers.get(before).getAll(SUBJECT);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * nginx counts all a stream carries as one request body against client_max_body_size (1 MiB unless set), and
     * ends the stream with HTTP 413 (UNKNOWN to the client) past it: a worker's session would end there.
     */
    @Test
    void requestStreamMayCarryMoreThanNginxsDefaultBodyLimit() throws Exception {
        long sent = 3L << 20;
        assertThat(bytesCountedUpstream(proxy, sent)).isEqualTo(sent);

        try (NginxProxy withDefaultLimit = NginxProxy.newBuilder(upstream.address())
                .directive("client_max_body_size", "1m")
                .start()) {
            ExecutionException cut =
                    catchThrowableOfType(ExecutionException.class, () -> bytesCountedUpstream(withDefaultLimit, sent));
            assertThat(Status.fromThrowable(cut.getCause()).getCode()).isEqualTo(Status.Code.UNKNOWN);
            assertThat(withDefaultLimit.accessLog())
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .contains("/test.Recorder/Count HTTP/2.0\" 413 ");
        }
    }

    /** Sends {@code total} bytes in 16 KiB messages on one client stream; returns what the upstream counted. */
    private long bytesCountedUpstream(NginxProxy through, long total) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilder(through.address(), pki.credentials(pki.client("admin")))
                .build();
        try {
            FirstMessage<byte[]> reply = new FirstMessage<>("no count in the reply");
            StreamObserver<byte[]> stream = ClientCalls.asyncClientStreamingCall(
                    channel.newCall(
                            RecordingUpstream.COUNT, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
                    reply);
            byte[] chunk = new byte[16 << 10];
            for (long left = total; left > 0 && !reply.future().isDone(); left -= chunk.length) {
                stream.onNext(chunk);
            }
            stream.onCompleted();
            return ByteBuffer.wrap(reply.future().get(30, TimeUnit.SECONDS)).getLong();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
