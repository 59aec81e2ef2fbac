package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.client.TaskSpec;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by the chaos run (issue 11): a node that comes back with a tail of entries the
 * group never committed (it was deposed with them) must drop that tail and catch up, also
 * while no one writes. Ratis' log appender, with only heartbeats to send, keeps misreading
 * such a follower's INCONSISTENCY reply (RATIS-2523), so it stayed behind until the next
 * write; the leader now writes an entry that changes nothing when a follower stalls behind
 * an idle group.
 */
class StalledFollowerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Two stall checks (3 s apart) and the catch-up, on a busy machine. */
    private static final Duration CATCH_UP = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void aNodeDeposedWithUncommittedEntriesCatchesUpWhileNoOneWrites() throws Exception {
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll();
                WorkClient client = cluster.client(Duration.ofSeconds(10))) {
            schedule(client, "before", 50);
            int old = cluster.leaderIndex(WAIT);
            int[] followers = {(old + 1) % 3, (old + 2) % 3};
            long committed = cluster.status(old).getCommitIndex();
            for (int follower : followers) {
                await().atMost(WAIT).until(() -> applied(cluster, follower) >= committed);
            }

            cluster.pause(followers);
            appendWithoutQuorum(cluster.addresses().get(old));
            cluster.kill(old);
            cluster.resume(followers);
            // The two resumed nodes may still trade the leadership for a moment; the ids make retries safe.
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                schedule(client, "after", 50);
                return true;
            });
            int leader = cluster.leaderIndex(WAIT);
            long commit = cluster.status(leader).getCommitIndex();

            cluster.launch(old);
            await().atMost(WAIT).until(() -> cluster.status(old) != null);
            await().atMost(CATCH_UP).until(() -> applied(cluster, old) >= commit);
            assertThat(cluster.status(old).getTasks())
                    .isEqualTo(cluster.status(leader).getTasks());
        }
    }

    @Test
    void aNodeThatMissedPurgedEntriesCatchesUpWhileNoOneWrites() throws Exception {
        try (RaftCluster cluster =
                        new RaftCluster(dir, 3, "--snapshot-every", "20", "--raft-segment-size", "65536").startAll();
                WorkClient client = cluster.client(Duration.ofSeconds(10))) {
            schedule(client, "before", 5);
            int leader = cluster.leaderIndex(WAIT);
            int follower = (leader + 1) % 3;
            cluster.kill(follower);
            String payload = "x".repeat(2048);
            for (int i = 0; i < 200; i++) {
                client.schedule(TaskSpec.of(payload).withId("missed" + i));
            }
            long commit = cluster.status(leader).getCommitIndex();
            cluster.launch(follower);
            await().atMost(WAIT).until(() -> cluster.status(follower) != null);
            await().atMost(CATCH_UP).until(() -> applied(cluster, follower) >= commit);
        }
    }

    /** Writes that reach the isolated leader's log but no majority: each call ends at its deadline. */
    private static void appendWithoutQuorum(String address) {
        ManagedChannel channel =
                NettyChannelBuilder.forTarget(address).usePlaintext().build();
        try {
            for (int call = 0; call < 3; call++) {
                try {
                    SchedulerServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(1, TimeUnit.SECONDS)
                            .scheduleTasks(tasks("lost" + call + "-", 100));
                } catch (RuntimeException expected) {
                    // DEADLINE_EXCEEDED or UNAVAILABLE: what matters is what reached the log
                }
            }
        } finally {
            channel.shutdownNow();
        }
    }

    private static void schedule(WorkClient client, String prefix, int count) {
        client.scheduleAll(IntStream.range(0, count)
                .mapToObj(i -> TaskSpec.of("p").withId(prefix + i))
                .toList());
    }

    private static ScheduleTasksRequest tasks(String prefix, int count) {
        return ScheduleTasksRequest.newBuilder()
                .addAllTasks(IntStream.range(0, count)
                        .mapToObj(i -> Task.newBuilder()
                                .setId(prefix + i)
                                .setPayload("p")
                                .build())
                        .toList())
                .build();
    }

    private static long applied(RaftCluster cluster, int node) {
        GetStatusResponse status = cluster.status(node);
        return status == null ? -1 : status.getAppliedIndex();
    }
}
