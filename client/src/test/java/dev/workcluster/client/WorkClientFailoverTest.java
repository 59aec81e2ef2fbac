package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.JvmProcess;
import dev.workcluster.testkit.LeaderProcess;
import dev.workcluster.testkit.TemporaryDirectories;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A three-node group in three processes and a library worker: the Raft leader is killed with
 * SIGKILL while results are awaited, a watch is open on it, and submits go on. Every submitted
 * task completes, each once (a submit retried across the failover is stored under its id once),
 * and the waits and the watch follow the new leader without the caller doing anything.
 */
class WorkClientFailoverTest {
    private static final int NODES = 3;
    private final List<LeaderProcess> nodes = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private Path dir;
    private Worker worker;

    @BeforeEach
    void start() throws Exception {
        dir = TemporaryDirectories.create("client-failover");
        int[] clientPorts = new int[NODES];
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            clientPorts[i] = FreePorts.next();
            int raftPort = FreePorts.next();
            peers.add("n" + (i + 1) + "=127.0.0.1:" + raftPort);
            addresses.add("127.0.0.1:" + clientPorts[i]);
        }
        for (int i = 0; i < NODES; i++) {
            String raftPort = peers.get(i).substring(peers.get(i).lastIndexOf(':') + 1);
            nodes.add(LeaderProcess.start(
                    dir,
                    "n" + (i + 1),
                    clientPorts[i],
                    Integer.parseInt(raftPort),
                    String.join(",", peers),
                    List.of("-Xmx256m")));
        }
        for (LeaderProcess node : nodes) {
            node.awaitReady(Duration.ofSeconds(90));
        }
        worker = Worker.start(
                WorkerOptions.newBuilder()
                        .setLeaderAddresses(addresses)
                        .setWorkerId("w1")
                        .setSlots(8)
                        .build(),
                context -> {
                    TimeUnit.MILLISECONDS.sleep(100);
                    return "did " + context.payload();
                });
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
        for (LeaderProcess node : nodes) {
            node.close();
        }
        TemporaryDirectories.delete(dir);
    }

    @Test
    void nothingIsLostOrDoubledWhenTheLeaderDiesDuringWaitsWatchesAndSubmits() throws Exception {
        int leader = leaderIndex();
        // The leader first: the client starts there, so the watch's stream is the one the kill breaks.
        List<String> leaderFirst = new ArrayList<>(addresses);
        Collections.rotate(leaderFirst, -leader);
        ClientOptions options = new ClientOptions(leaderFirst, Duration.ofSeconds(2), Duration.ofSeconds(60), null);
        try (WorkClient client = WorkClient.connect(options);
                TaskWatch completions = client.watch(Set.of(TaskState.COMPLETED))) {
            List<TaskSpec> before = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                before.add(TaskSpec.of("before " + i).withId("f-before-" + i));
            }
            client.scheduleAll(before);
            List<CompletableFuture<TaskResult>> results = new ArrayList<>();
            before.forEach(spec -> results.add(client.awaitResult(spec.id(), Duration.ofSeconds(120))));

            nodes.get(leader).kill();

            List<TaskSpec> during = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                TaskSpec spec = TaskSpec.of("during " + i).withId("f-during-" + i);
                client.schedule(spec); // retried under its id across the election
                during.add(spec);
                results.add(client.awaitResult(spec.id(), Duration.ofSeconds(120)));
            }

            for (CompletableFuture<TaskResult> result : results) {
                assertThat(result.get(150, TimeUnit.SECONDS).state()).isEqualTo(TaskState.COMPLETED);
            }
            // The watch saw every completion, those after the kill included; repeats are allowed.
            Set<String> completed = new HashSet<>();
            long watchDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (completed.size() < before.size() + during.size() && System.nanoTime() < watchDeadline) {
                completions.poll(Duration.ofSeconds(1)).ifPresent(task -> completed.add(task.id()));
            }
            assertThat(completed)
                    .containsAll(before.stream().map(TaskSpec::id).toList())
                    .containsAll(during.stream().map(TaskSpec::id).toList());
            // Reads may come from a follower a few entries behind: list until it has caught up.
            int expected = before.size() + during.size();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<TaskInfo> listed =
                    client.list(null, null, WorkClient.MAX_PAGE_SIZE).tasks();
            while (listed.size() < expected && System.nanoTime() < deadline) {
                listed = client.list(null, null, WorkClient.MAX_PAGE_SIZE).tasks();
            }
            Set<String> stored = new HashSet<>();
            listed.forEach(task -> assertThat(stored.add(task.id()))
                    .as("stored once: " + task.id())
                    .isTrue());
            assertThat(stored).hasSize(expected);
        }
    }

    /**
     * A node that freezes (SIGSTOP) leaves its streams open and silent: no error ever arrives. The
     * client's keepalive pings find it out, and the watch moves on to another node and sees what
     * completes after. Fails without keepalive: the watch waits on the frozen node for ever.
     */
    @Test
    void aWatchOnAFrozenNodeMovesToAnotherNode() throws Exception {
        int frozen = (leaderIndex() + 1) % NODES; // a follower: the group keeps its leader and goes on
        List<String> frozenFirst = new ArrayList<>(addresses);
        Collections.rotate(frozenFirst, -frozen);
        List<String> others = new ArrayList<>(addresses);
        others.remove(frozen);
        ClientOptions watching = new ClientOptions(frozenFirst, Duration.ofSeconds(2), Duration.ofSeconds(60), null);
        ClientOptions submitting = new ClientOptions(others, Duration.ofSeconds(2), Duration.ofSeconds(60), null);
        try (WorkClient watcher = WorkClient.connect(watching);
                TaskWatch completions = watcher.watch(Set.of(TaskState.COMPLETED));
                WorkClient submitter = WorkClient.connect(submitting)) {
            JvmProcess.pause(List.of(nodes.get(frozen).process()));
            try {
                submitter.schedule(TaskSpec.of("after the freeze").withId("frozen-1"));
                java.util.Optional<TaskInfo> seen = java.util.Optional.empty();
                long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                while (seen.isEmpty() && System.nanoTime() < deadline) {
                    seen = completions
                            .poll(Duration.ofSeconds(1))
                            .filter(task -> task.id().equals("frozen-1"));
                }
                assertThat(seen)
                        .as("the watch saw the completion through another node")
                        .isPresent();
            } finally {
                JvmProcess.resume(List.of(nodes.get(frozen).process()));
            }
        }
    }

    private int leaderIndex() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < NODES; i++) {
                ManagedChannel channel = NettyChannelBuilder.forTarget(addresses.get(i))
                        .usePlaintext()
                        .build();
                try {
                    boolean ready = LeaderServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(1, TimeUnit.SECONDS)
                            .getStatus(GetStatusRequest.getDefaultInstance())
                            .getLeaderReady();
                    if (ready) {
                        return i;
                    }
                } catch (RuntimeException e) {
                    // not answering yet
                } finally {
                    channel.shutdownNow();
                }
            }
        }
        throw new AssertionError("no leader within 30 s");
    }
}
