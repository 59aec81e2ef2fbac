package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.testkit.EmbeddedCluster;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The load side of the heartbeats scenario against a real leader over loopback. */
class SessionFleetTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void moreSessionsThanTheJoiningWindowAllJoinHeartbeatAndLeaveWithoutExpiring() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start("fleet-test", c -> c)) {
            ManagedChannel channel = Grpc.newChannelBuilder(cluster.address(), InsecureChannelCredentials.create())
                    .build();
            int port = Integer.parseInt(
                    cluster.address().substring(cluster.address().lastIndexOf(':') + 1));
            SessionFleet fleet = new SessionFleet(1_000, 4);
            try {
                fleet.open(port, 40, WAIT);

                assertThat(members(channel)).isEqualTo(40);
                await().atMost(WAIT).until(() -> fleet.counters().heartbeats.get() >= 40);
                assertThat(fleet.closedExpired()).isEmpty();
                assertThat(fleet.counters().errors.get()).isZero();
            } finally {
                fleet.close(); // says goodbye for every session before its heartbeats stop
            }

            await().atMost(WAIT).until(() -> members(channel) == 0);
            assertThat(fleet.closedExpired()).isEmpty();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static int members(ManagedChannel channel) {
        return LeaderServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .members(MembersRequest.getDefaultInstance())
                .getMembersCount();
    }
}
