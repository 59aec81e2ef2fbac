package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.testkit.FreePorts;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader goes away under a running watch and comes back on the same address. */
class WatchReconnectTest {

    @Test
    void aWatchWhoseLeaderRestartsSaysSoReconnectsAndCarriesOn(@TempDir Path dir) throws Exception {
        LeaderConfig config =
                LeaderConfig.defaults(dir).withPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        String address = "127.0.0.1:" + config.clusterPort();
        LeaderServer first = LeaderServer.start(config);
        first.awaitReady(Duration.ofSeconds(30));
        schedule(address, "before");

        WatchRun run = WatchRun.start("watch", "--leader=" + address, "--no-live", "--count", "1");
        await().atMost(Duration.ofSeconds(10)).until(() -> run.out().contains("snapshot complete"));
        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> run.out().contains("lost the leader at " + address));

        try (LeaderServer second = LeaderServer.start(config)) {
            second.awaitReady(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20)).until(() -> run.out().contains("reconnected to " + address));
            schedule(address, "after");

            assertThat(run.awaitExit()).isZero();
        }
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).endsWith("task before pending (unspecified) attempt 1/3");
        assertThat(lines.get(1)).endsWith("snapshot complete: 0 members, 1 task; live changes follow");
        assertThat(lines.get(2))
                .contains("lost the leader at " + address + " (")
                .endsWith("); reconnecting");
        assertThat(lines.subList(3, lines.size()))
                .map(line -> line.substring(13))
                .containsExactly(
                        "reconnected to " + address,
                        "task before pending (unspecified) attempt 1/3",
                        "resynchronised: 0 members, 1 task that may have changed; live changes follow",
                        "task after pending (unspecified) attempt 1/3");
        assertThat(run.err()).isEmpty();
    }

    private static void schedule(String address, String id) throws InterruptedException {
        ManagedChannel channel =
                NettyChannelBuilder.forTarget(address).usePlaintext().build();
        try {
            SchedulerServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .scheduleTask(ScheduleTaskRequest.newBuilder()
                            .setTask(Task.newBuilder().setId(id).setPayload("x"))
                            .build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
