package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RawSession;
import dev.workcluster.leader.testing.TaskPages;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader writes to a session only as fast as the worker reads, and holds a bounded amount for it. */
class SessionFlowControlTest {
    private static final long SEND_BUFFER = 256 << 10;
    private static final int TASKS = 200;
    private static final Duration GRACE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    LeaderFixture leader;
    ManagedChannel workerChannel;

    @BeforeEach
    void start() throws Exception {
        leader = LeaderFixture.start(
                dir, c -> c.withSessions(new SessionSettings(GRACE, 3, 1024).withSendBufferBytes(SEND_BUFFER)));
        // The worker's own connection, with a small window: the leader's writes stall after 64 KiB.
        workerChannel = NettyChannelBuilder.forTarget(leader.clusterAddress())
                .usePlaintext()
                .flowControlWindow(64 << 10)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        workerChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        leader.close();
    }

    Member member(String id) {
        return leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                .filter(m -> m.getId().equals(id))
                .findFirst()
                .orElse(null);
    }

    @Test
    void aWorkerThatNeverReadsIsCutOffAtTheSendBufferAndItsTasksGoBackAfterTheGrace() throws Exception {
        RawSession worker = RawSession.notReading(workerChannel);
        worker.send(SessionRequest.newBuilder()
                .setHello(Hello.newBuilder().setWorkerId("deaf").setSlots(TASKS).setHeartbeatIntervalMs(60_000))
                .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> member("deaf") != null);

        ScheduleTasksRequest.Builder tasks = ScheduleTasksRequest.newBuilder();
        for (int i = 0; i < TASKS; i++) {
            tasks.addTasks(Task.newBuilder().setId("t" + i).setPayload("x".repeat(16 << 10)));
        }
        leader.scheduler().scheduleTasks(tasks.build()); // 3.2 MiB of StartTasks for a worker that reads none

        await().atMost(Duration.ofSeconds(10))
                .until(() -> member("deaf").getStatus().contains("disconnected"));
        await().atMost(GRACE.multipliedBy(5))
                .until(() -> TaskPages.all(leader::scheduler, 1_000).stream()
                        .allMatch(t -> t.getStatus() == TaskStatus.TASK_STATUS_PENDING));

        worker.startReading();
        Status ended = worker.ended().get(10, TimeUnit.SECONDS);
        assertThat(ended.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(ended.getDescription())
                .contains(
                        "worker 'deaf' does not read its session",
                        "the limit is " + SEND_BUFFER + " bytes (session-send-buffer)");
    }
}
