package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.workcluster.cli.client.AllTasks;
import dev.workcluster.client.ClientOptions;
import dev.workcluster.client.TaskInfo;
import dev.workcluster.client.TaskSpec;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives what in a group of three (no workers: this is about the log). */
class ClusterResilienceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    static void schedule(WorkClient client, String id) {
        client.schedule(TaskSpec.of("p").withId(id));
    }

    static Set<String> ids(WorkClient client) {
        return AllTasks.read(client).keySet();
    }

    /** A client of one node alone. */
    static WorkClient clientOf(String address) {
        return WorkClient.connect(
                new ClientOptions(List.of(address), Duration.ofSeconds(5), Duration.ofSeconds(5), null));
    }

    @Test
    void aFollowerDownInterruptsNothingAndCatchesUpBySnapshotWhenItReturns() throws Exception {
        // Frequent snapshots: the leader purges the log the follower misses, so it must install a snapshot.
        try (RaftCluster cluster =
                        new RaftCluster(dir, 3, "--snapshot-every", "20", "--raft-segment-size", "65536").startAll();
                WorkClient client = cluster.client(Duration.ofSeconds(5))) {
            int leader = cluster.leaderIndex(WAIT);
            int follower = (leader + 1) % 3;
            cluster.kill(follower);

            String kilobyte = "x".repeat(1024); // fills several small log segments, which the snapshots make obsolete
            for (int i = 0; i < 200; i++) {
                String id = "t" + i;
                client.schedule(TaskSpec.of(kilobyte).withId(id)); // succeeds at the first try
            }
            long leaderCommit = cluster.status(leader).getCommitIndex();

            cluster.launch(follower);
            cluster.awaitReady(follower);
            try (WorkClient followerOnly = clientOf(cluster.addresses().get(follower))) {
                // ready means caught up: its first local read has what was acknowledged while it was down
                assertThat(ids(followerOnly)).hasSize(200);
            }
            await().atMost(WAIT).until(() -> {
                GetStatusResponse status = cluster.status(follower);
                return status != null && status.getAppliedIndex() >= leaderCommit;
            });
            assertThat(cluster.status(follower).getLeaderReady())
                    .as("a follower never says it takes writes")
                    .isFalse();
            long installedUpTo = java.util.regex.Pattern.compile("event=snapshot_loaded term=\\d+ index=(\\d+)")
                    .matcher(cluster.logOf(follower))
                    .results()
                    .mapToLong(m -> Long.parseLong(m.group(1)))
                    .max()
                    .orElse(0);
            assertThat(installedUpTo)
                    .as("the follower installed a snapshot taken while it was down")
                    .isGreaterThan(leaderCommit / 2);
            try (WorkClient followerOnly = clientOf(cluster.addresses().get(follower))) {
                // a batch sent to the follower is forwarded to the leader and answered in order
                List<TaskInfo> viaFollower = followerOnly.scheduleAll(List.of(
                        TaskSpec.of("p").withId("batch-2"), TaskSpec.of("p").withId("batch-1")));
                assertThat(viaFollower).extracting(TaskInfo::id).containsExactly("batch-2", "batch-1");
            }
            try (WorkClient leaderOnly = clientOf(cluster.addresses().get(leader))) {
                assertThat(ids(leaderOnly)).hasSize(202).contains("batch-1", "batch-2");
            }
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(statusTable(cluster))
                            .containsPattern("n1 .* (leader|follower) .* 0\n")
                            .containsPattern("n2 .* (leader|follower) .* 0\n")
                            .containsPattern("n3 .* (leader|follower) .* 0\n"));
        }
    }

    /** {@code workcluster status} as an operator sees it. */
    static String statusTable(RaftCluster cluster) {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = dev.workcluster.cli.Main.newCommandLine();
        cli.setOut(new java.io.PrintWriter(out));
        cli.execute("status", "--leader=" + String.join(",", cluster.addresses()));
        return out.toString();
    }

    @Test
    void aLeaderStoppedWithSigtermHandsLeadershipToAPeerFirst() throws Exception {
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll()) {
            int leader = cluster.leaderIndex(WAIT);
            long stoppedAt = System.nanoTime();
            assertThat(cluster.terminate(leader)).isNotEqualTo(137);
            int next = cluster.leaderIndex(WAIT);
            System.out.printf(
                    "SIGTERM of the leader -> new leader after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt));
            assertThat(next).isNotEqualTo(leader);
            // The peer it picked wins, or (on a busy machine) the other one does the election it started.
            assertThat(cluster.logOf(leader))
                    .contains("event=leadership_handed_over")
                    .containsPattern("leader_now=n[1-3]")
                    .doesNotContain("leader_now=n" + (leader + 1));
        }
    }

    @Test
    void withTwoOfThreeDownWritesAreRefusedAsQuorumLostAndNothingAcknowledgedIsLost() throws Exception {
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll();
                WorkClient client = cluster.client(Duration.ofSeconds(5))) {
            for (int i = 0; i < 20; i++) {
                schedule(client, "before-" + i);
            }
            int survivor = cluster.leaderIndex(WAIT);
            cluster.kill((survivor + 1) % 3);
            cluster.kill((survivor + 2) % 3);
            String survivorAddress = cluster.addresses().get(survivor);
            ManagedChannel channel = NettyChannelBuilder.forTarget(survivorAddress)
                    .usePlaintext()
                    .build();
            try {
                var stub = dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc.newBlockingStub(channel);
                StatusRuntimeException refused = catchThrowableOfType(
                        StatusRuntimeException.class,
                        () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                                .scheduleTask(ScheduleTaskRequest.newBuilder()
                                        .setTask(Task.newBuilder()
                                                .setId("during")
                                                .setPayload("p"))
                                        .build()));
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(refused.getStatus().getDescription()).contains("quorum");
                // Reads are still served from what this node has.
                assertThat(stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                                .getTasks(GetTasksRequest.getDefaultInstance())
                                .getTasksCount())
                        .isGreaterThanOrEqualTo(20);
            } finally {
                channel.shutdownNow();
            }

            cluster.launch((survivor + 1) % 3);
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                schedule(client, "after");
                return true;
            });
            Set<String> ids = ids(client);
            for (int i = 0; i < 20; i++) {
                assertThat(ids).contains("before-" + i);
            }
            assertThat(ids).contains("after");
        }
    }

    @Test
    void afterEveryNodeIsKilledAndRestartedEveryAcknowledgedTaskIsThere() throws Exception {
        Set<String> acknowledged = new HashSet<>();
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll()) {
            try (WorkClient client = cluster.client(Duration.ofSeconds(5))) {
                for (int i = 0; i < 300; i++) {
                    schedule(client, "t" + i);
                    acknowledged.add("t" + i);
                }
            }
            for (int i = 0; i < 3; i++) {
                cluster.kill(i);
            }
            for (int i = 0; i < 3; i++) {
                cluster.launch(i);
            }
            for (int i = 0; i < 3; i++) {
                cluster.awaitReady(i);
            }
            try (WorkClient client = cluster.client(Duration.ofSeconds(5))) {
                assertThat(ids(client)).containsAll(acknowledged);
            }
        }
    }
}
