package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.cli.Main;
import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.JvmLaunch;
import dev.workcluster.testkit.JvmProcess;
import dev.workcluster.testkit.LeaderProcess;
import dev.workcluster.testkit.TaskClient;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worker and leader processes that die for real (SIGKILL) while work is in flight. */
class ProcessFailuresTest {
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aKilledWorkersTaskIsFinishedByAnotherWorkerWithinTheReconnectGracePlusOneSecond() throws Exception {
        ControlledHandler survivorHandler = new ControlledHandler();
        try (EmbeddedCluster leader = EmbeddedCluster.start(
                        "e2e-process-failures", c -> c.withSessions(new SessionSettings(GRACE, 3, 1024)));
                JvmProcess victim = JvmProcess.start(
                        WorkerProcessMain.launch(leader.address(), "victim", 1), dir.resolve("victim.log"))) {
            victim.awaitLine(l -> l.equals("worker victim started"), WAIT);
            await().atMost(WAIT).until(() -> leader.members().size() == 1);
            leader.tasks().schedule("t1", "sleep 600000");
            victim.awaitLine(l -> l.equals("started t1"), WAIT);
            Worker survivor = Worker.start(
                    WorkerOptions.newBuilder()
                            .setLeaderAddresses(leader.address())
                            .setWorkerId("survivor")
                            .setSlots(1)
                            .build(),
                    survivorHandler);
            try {
                await().atMost(WAIT).until(() -> leader.members().size() == 2);

                long killedAt = System.nanoTime();
                victim.kill();
                await().atMost(WAIT)
                        .until(() -> leader.tasks().get("t1").getStatus() == TaskStatus.TASK_STATUS_COMPLETED);
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

                System.out.printf(
                        "kill -9 of a worker -> task finished elsewhere in %d ms (grace %d ms)%n",
                        tookMillis, GRACE.toMillis());
                assertThat(tookMillis).isLessThanOrEqualTo(GRACE.toMillis() + 1_000);
                assertThat(leader.tasks().get("t1").getWorkerId()).isEqualTo("survivor");
                assertThat(leader.tasks().get("t1").getAttempt()).isEqualTo(2);
                assertThat(leader.tasks().get("t1").getError()).contains("victim");
            } finally {
                survivor.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void workersReconnectByThemselvesWhenTheLeaderProcessRestarts() throws Exception {
        int port = FreePorts.next();
        JvmLaunch leaderLaunch = JvmLaunch.of(
                        Main.class.getName(),
                        "leader",
                        "--data-dir",
                        dir.resolve("data").toString(),
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        "" + port,
                        "--rpc-port",
                        "" + FreePorts.next(),
                        "--raft-port",
                        "" + FreePorts.next(),
                        "--http-port",
                        "0")
                .withJvmOptions(List.of("-Xmx256m"));
        ControlledHandler handler = new ControlledHandler();
        ManagedChannel channel =
                NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        TaskClient tasks = new TaskClient(channel);
        LeaderProcess leader = LeaderProcess.start(dir, "leader-1", leaderLaunch);
        Worker worker = Worker.start(
                WorkerOptions.newBuilder()
                        .setLeaderAddresses("127.0.0.1:" + port)
                        .setWorkerId("w1")
                        .setSlots(2)
                        .setReconnectBackoffMax(Duration.ofMillis(500))
                        .build(),
                handler);
        try {
            leader.awaitReady(WAIT);
            tasks.schedule("before", "quick");
            await().atMost(WAIT).until(() -> tasks.get("before").getStatus() == TaskStatus.TASK_STATUS_COMPLETED);

            leader.kill();
            leader = LeaderProcess.start(dir, "leader-2", leaderLaunch);
            leader.awaitReady(WAIT);
            tasks.schedule("after", "quick");

            await().atMost(WAIT).until(() -> tasks.get("after").getStatus() == TaskStatus.TASK_STATUS_COMPLETED);
            assertThat(tasks.get("after").getWorkerId()).isEqualTo("w1");
            assertThat(tasks.get("before").getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
            assertThat(handler.runs.get("before").get()).isEqualTo(1);
        } finally {
            worker.shutdown(Duration.ofSeconds(5));
            leader.close();
            channel.shutdownNow();
        }
    }
}
