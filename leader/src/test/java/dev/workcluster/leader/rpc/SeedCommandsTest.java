package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.ReflectionClient;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Useful Commands" of SEED.txt (go-work's README, which is not in this repository; the
 * commands are repeated in the README's tour, the contract is docs/protocol.md), as grpcurl
 * runs them: reflection only, JSON bodies, ports 50051 (cluster) and 50052 (scheduler) as the
 * seed used them.
 */
class SeedCommandsTest {
    @TempDir
    Path dir;

    LeaderFixture leader;
    ManagedChannel clusterPort;
    ManagedChannel schedulerPort;

    @BeforeEach
    void start() throws Exception {
        leader = LeaderFixture.start(dir);
        clusterPort = NettyChannelBuilder.forAddress(
                        "127.0.0.1", leader.server().clusterPort())
                .usePlaintext()
                .build();
        schedulerPort = NettyChannelBuilder.forAddress(
                        "127.0.0.1", leader.server().schedulerPort())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        clusterPort.shutdownNow();
        schedulerPort.shutdownNow();
        leader.close();
    }

    @Test
    void describeListsTheSeedsOperationsWithTheirMessageTypes() throws Exception {
        var leaderService = new ReflectionClient(clusterPort).describe("cluster.v1.LeaderService");
        assertThat(leaderService.getMethods())
                .extracting(MethodDescriptor::getName)
                .contains("Join", "Leave", "Members", "Heartbeat");
        assertThat(leaderService.findMethodByName("Join").getInputType().getFullName())
                .isEqualTo("cluster.v1.JoinRequest");

        var scheduler = new ReflectionClient(schedulerPort).describe("scheduler.v1.SchedulerService");
        assertThat(scheduler.getMethods())
                .extracting(MethodDescriptor::getName)
                .contains("ScheduleTask", "CancelTask", "GetTasks", "TaskComplete");
        assertThat(new ReflectionClient(schedulerPort).listServices())
                .contains("cluster.v1.LeaderService", "scheduler.v1.SchedulerService", "grpc.health.v1.Health");
    }

    @Test
    void theSeedsUsefulCommandsWorkAsWritten() throws Exception {
        ReflectionClient cluster = new ReflectionClient(clusterPort);
        ReflectionClient scheduler = new ReflectionClient(schedulerPort);

        assertThat(cluster.invoke("cluster.v1.LeaderService.Members", "")).isEqualTo("{\n}");
        assertThat(scheduler.invoke(
                        "scheduler.v1.SchedulerService.ScheduleTask",
                        "{\"task\": {\"id\":\"1\",\"payload\":\"do some work\"}}"))
                .contains("\"id\": \"1\"");
        // Scheduling the same task again is idempotent.
        scheduler.invoke(
                "scheduler.v1.SchedulerService.ScheduleTask",
                "{\"task\": {\"id\":\"1\",\"payload\":\"do some work\"}}");

        String tasks = scheduler.invoke("scheduler.v1.SchedulerService.GetTasks", "");
        assertThat(tasks)
                .contains("\"id\": \"1\"", "\"payload\": \"do some work\"", "\"status\": \"TASK_STATUS_PENDING\"");
        assertThat(tasks.split("\"id\"")).hasSize(2);

        scheduler.invoke("scheduler.v1.SchedulerService.CancelTask", "{\"id\":\"1\"}");
        assertThat(scheduler.invoke("scheduler.v1.SchedulerService.GetTasks", ""))
                .contains("\"status\": \"TASK_STATUS_CANCELLED\"");
    }

    @Test
    void healthCheckAnswersServingOnBothPorts() {
        for (ManagedChannel channel : new ManagedChannel[] {clusterPort, schedulerPort}) {
            HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        }
    }
}
