package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.access.CallerIdentity;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.QuietLogs;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A leader behind a proxy that terminates mTLS (nginx): it believes the caller the proxy names
 * in x-workcluster-client-subject, and only when the call comes from an address it trusts.
 * Plaintext gRPC over loopback stands in for the proxy's upstream hop (NginxProxyTest runs
 * the real nginx).
 */
class TrustedProxyTest {

    @ParameterizedTest(name = "subject ''{0}'': {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "CN=ops,OU=admin,O=workcluster-dev|OK|",
                "CN=dash,OU=viewer|PERMISSION_DENIED|principal 'dash' (role viewer) may not call "
                        + "scheduler.v1.SchedulerService/ScheduleTask",
                "CN=w1,OU=worker|PERMISSION_DENIED|principal 'w1' (role worker) may not call",
                "CN=nobody|UNAUTHENTICATED|has no OU naming a role",
                "OU=admin|UNAUTHENTICATED|has no CN",
                "not a subject|UNAUTHENTICATED|is not a distinguished name",
                "|UNAUTHENTICATED|needs a verified client certificate",
            })
    void theProxysWordNamesTheCaller(String subject, String code, String message) throws Exception {
        try (QuietLogs quiet = QuietLogs.errorsOnly();
                EmbeddedCluster cluster = EmbeddedCluster.start(
                        "proxied",
                        config -> config.withAccess(new AccessSettings(null, List.of("127.0.0.1"), false)))) {
            Status status = schedule(cluster.address(), subject);

            assertThat(status.getCode()).isEqualTo(Status.Code.valueOf(code));
            if (message != null) {
                assertThat(status.getDescription()).contains(message);
            }
        }
    }

    @ParameterizedTest(name = "proxy names ''{0}'', forwarded for ''{1}'': {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "CN=leader,OU=node|CN=dash,OU=viewer|PERMISSION_DENIED|principal 'dash' (role viewer) may not call",
                "CN=leader,OU=node|CN=ops,OU=admin|OK|",
                "CN=dash,OU=viewer|CN=ops,OU=admin|PERMISSION_DENIED|principal 'dash' (role viewer) may not call",
            })
    void onlyANodeMayNameTheCallerItForwardsFor(String subject, String forwardedFor, String code, String message)
            throws Exception {
        try (QuietLogs quiet = QuietLogs.errorsOnly();
                EmbeddedCluster cluster = EmbeddedCluster.start(
                        "forwarded",
                        config -> config.withAccess(new AccessSettings(null, List.of("127.0.0.1"), false)))) {
            Metadata headers = new Metadata();
            headers.put(CallerIdentity.SUBJECT_HEADER, subject);
            headers.put(CallerIdentity.FORWARDED_SUBJECT_HEADER, forwardedFor);

            Status status = schedule(cluster.address(), headers);

            assertThat(status.getCode()).isEqualTo(Status.Code.valueOf(code));
            if (message != null) {
                assertThat(status.getDescription()).contains(message);
            }
        }
    }

    @Test
    void aCallerThatIsNotTheTrustedProxyCannotForgeTheHeader() throws Exception {
        try (QuietLogs quiet = QuietLogs.errorsOnly();
                EmbeddedCluster cluster = EmbeddedCluster.start(
                        "forged", config -> config.withAccess(new AccessSettings(null, List.of("192.0.2.1"), false)))) {
            Status status = schedule(cluster.address(), "CN=ops,OU=admin");

            assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(status.getDescription()).contains("needs a verified client certificate");
        }
    }

    /** ScheduleTask over plaintext with the identity header set to {@code subject} (none when null). */
    private static Status schedule(String address, String subject) throws InterruptedException {
        Metadata headers = new Metadata();
        if (subject != null) {
            headers.put(CallerIdentity.SUBJECT_HEADER, subject);
        }
        return schedule(address, headers);
    }

    private static Status schedule(String address, Metadata headers) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create())
                .build();
        try {
            SchedulerServiceGrpc.newBlockingStub(
                            ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .scheduleTask(ScheduleTaskRequest.newBuilder()
                            .setTask(Task.newBuilder()
                                    .setId(UUID.randomUUID().toString())
                                    .setPayload("x"))
                            .build());
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
