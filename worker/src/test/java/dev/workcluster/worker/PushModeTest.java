package dev.workcluster.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.HeartbeatRequest;
import dev.workcluster.proto.cluster.v1.HeartbeatStatus;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import dev.workcluster.proto.worker.v1.StartWorkRequest;
import dev.workcluster.proto.worker.v1.StopWorkRequest;
import dev.workcluster.proto.worker.v1.WorkerServiceGrpc;
import dev.workcluster.worker.testing.ScriptedHandler;
import dev.workcluster.worker.testing.ScriptedLeader;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's push-mode wiring over real loopback sockets, through the public API only:
 * Join with an address, unary heartbeats, StartWork / StopWork served, TaskComplete, Leave.
 */
class PushModeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ScriptedHandler handler = new ScriptedHandler();
    private ScriptedLeader leader;
    private Worker worker;
    private ManagedChannel toWorker;

    @BeforeEach
    void startLeader() {
        leader = ScriptedLeader.onLoopback();
    }

    @AfterEach
    void stop() throws InterruptedException {
        handler.releaseAll();
        if (toWorker != null) {
            toWorker.shutdownNow();
        }
        if (worker != null) {
            worker.shutdown(Duration.ZERO);
        }
        leader.close();
    }

    private void startWorker() {
        worker = Worker.start(
                WorkerOptions.newBuilder()
                        .setLeaderAddresses(leader.address())
                        .setWorkerId("push-1")
                        .setQueues("emails", "reports")
                        .setTransport(Transport.PUSH)
                        .setPushListenPort(0)
                        .setHeartbeatInterval(Duration.ofMillis(50))
                        .setReconnectBackoffInitial(Duration.ofMillis(10))
                        .setReconnectBackoffMax(Duration.ofMillis(50))
                        .build(),
                handler);
        await().atMost(WAIT).until(() -> !leader.joins.isEmpty());
        toWorker = NettyChannelBuilder.forTarget(leader.joins.get(0).getAddress())
                .usePlaintext()
                .build();
    }

    /** The leader's side of push mode: calls to the worker's WorkerService. */
    private WorkerServiceGrpc.WorkerServiceBlockingStub stub() {
        return WorkerServiceGrpc.newBlockingStub(toWorker).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static StartWorkRequest start(String id, String payload) {
        return StartWorkRequest.newBuilder().setId(id).setPayload(payload).build();
    }

    /**
     * Found by the chaos run: a worker whose TaskComplete was still being retried heartbeated
     * IDLE; the leader counted the run as lost, started it again, and the late report then
     * finished the new run while it began. Idle means nothing runs and nothing is to report.
     */
    @Test
    void heartbeatsBusyUntilItsCompletionIsTaken() {
        // Retries come 0-50 ms apart (full jitter): forty of them last about a second, some twenty heartbeats.
        for (int i = 0; i < 40; i++) {
            leader.completionFailures.add(io.grpc.Status.UNAVAILABLE.withDescription("leader unreachable"));
        }
        startWorker();
        assertThat(stub().startWork(start("a", "result:a")).getSuccess()).isTrue();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> leader.completions.size() >= 3);
        int seen = leader.heartbeats.size();
        // Heartbeats counted while a failure is still queued all came while the completion was unanswered.
        java.util.concurrent.atomic.AtomicInteger whilePending = new java.util.concurrent.atomic.AtomicInteger(seen);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
            int count = leader.heartbeats.size();
            if (leader.completionFailures.isEmpty()) {
                return true;
            }
            whilePending.set(count);
            return false;
        });
        int answered = whilePending.get();
        assertThat(answered - seen)
                .as("heartbeats while the completion was retried")
                .isGreaterThan(0);
        await().atMost(WAIT)
                .until(() -> leader.heartbeats.get(leader.heartbeats.size() - 1).getStatus()
                        == HeartbeatStatus.HEARTBEAT_STATUS_IDLE);

        assertThat(leader.heartbeats.subList(seen, answered))
                .extracting(HeartbeatRequest::getStatus)
                .as("while the completion is being retried")
                .containsOnly(HeartbeatStatus.HEARTBEAT_STATUS_BUSY);
    }

    @Test
    void joinsWithItsAddressAndHeartbeatsIdle() {
        startWorker();
        assertThat(leader.joins.get(0).getId()).isEqualTo("push-1");
        assertThat(leader.joins.get(0).getAddress()).matches("localhost:\\d+");
        assertThat(leader.joins.get(0).getQueuesList()).containsExactly("emails", "reports");
        await().atMost(WAIT).until(() -> leader.heartbeats.size() >= 2);
        assertThat(leader.heartbeats)
                .allMatch(h -> h.getId().equals("push-1") && h.getStatus() == HeartbeatStatus.HEARTBEAT_STATUS_IDLE);
    }

    @Test
    void runsOneTaskAtATimeAndReportsItWithTaskComplete() {
        startWorker();

        assertThat(stub().startWork(start("a", "block")).getSuccess()).isTrue();
        await().atMost(WAIT).until(() -> handler.started.contains("a"));
        assertThat(stub().startWork(start("b", "result:b")).getSuccess())
                .as("busy")
                .isFalse();
        assertThat(stub().startWork(start("a", "block")).getSuccess())
                .as("already running it")
                .isTrue();
        int before = leader.heartbeats.size();
        await().atMost(WAIT)
                .until(() -> leader.heartbeats.subList(before, leader.heartbeats.size()).stream()
                        .anyMatch(h -> h.getStatus() == HeartbeatStatus.HEARTBEAT_STATUS_BUSY));

        handler.release("a");
        await().atMost(WAIT).until(() -> leader.completions.size() == 1);
        assertThat(leader.completions.get(0))
                .isEqualTo(TaskCompleteRequest.newBuilder()
                        .setId("a")
                        .setResult("released a")
                        .setAttempt(0)
                        .setWorkerId("push-1")
                        .build());
        assertThat(handler.started).containsExactly("a");
        await().atMost(WAIT).until(() -> worker.runningTasks() == 0);

        assertThat(stub().startWork(start("c", "fatal:bad")).getSuccess()).isTrue();
        await().atMost(WAIT).until(() -> leader.completions.size() == 2);
        TaskCompleteRequest failed = leader.completions.get(1);
        assertThat(failed.getId()).isEqualTo("c");
        assertThat(failed.getError()).isEqualTo("bad");
        assertThat(failed.getNonRetryable()).isTrue();
        assertThat(failed.hasResult()).isFalse();
    }

    @Test
    void stopWorkCancelsTheTaskAndNothingIsReported() {
        startWorker();
        assertThat(stub().stopWork(StopWorkRequest.newBuilder().setId("nope").build())
                        .getSuccess())
                .isFalse();
        stub().startWork(start("a", "block"));
        await().atMost(WAIT).until(() -> handler.started.contains("a"));

        assertThat(stub().stopWork(StopWorkRequest.newBuilder().setId("a").build())
                        .getSuccess())
                .isTrue();

        await().atMost(WAIT).until(() -> worker.runningTasks() == 0);
        assertThat(handler.sawCancelled).containsExactly("a");
        assertThat(stub().startWork(start("marker", "result:m")).getSuccess()).isTrue();
        await().atMost(WAIT).until(() -> leader.completions.size() == 1);
        assertThat(leader.completions).extracting(TaskCompleteRequest::getId).containsExactly("marker");
    }

    @Test
    void startWorkWithoutAnIdIsInvalid() {
        startWorker();
        try {
            stub().startWork(start("", "x"));
            throw new AssertionError("expected INVALID_ARGUMENT");
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
    }

    @Test
    void retriesJoinUntilItWorksAndJoinsAgainWhenHeartbeatsAreNotFound() {
        leader.joinFailures.add(Status.UNAVAILABLE);
        leader.joinFailures.add(Status.UNAVAILABLE);
        startWorker();
        await().atMost(WAIT).until(() -> leader.joins.size() == 3 && !leader.heartbeats.isEmpty());

        leader.heartbeatFailures.add(Status.NOT_FOUND.withDescription("unknown member push-1"));

        await().atMost(WAIT).until(() -> leader.joins.size() == 4);
        assertThat(leader.joins).allMatch(j -> j.getId().equals("push-1"));
    }

    @Test
    void retriesTaskCompleteWhileTheLeaderIsUnavailableAndDropsItOnNotFound() {
        startWorker();
        leader.completionFailures.add(Status.UNAVAILABLE);
        leader.completionFailures.add(Status.UNAVAILABLE);
        assertThat(stub().startWork(start("a", "result:ok")).getSuccess()).isTrue();
        await().atMost(WAIT).until(() -> leader.completions.size() == 3);
        assertThat(leader.completions).extracting(TaskCompleteRequest::getId).containsOnly("a");

        leader.completionFailures.add(Status.NOT_FOUND);
        await().atMost(WAIT).until(() -> worker.runningTasks() == 0);
        assertThat(stub().startWork(start("gone", "result:ok")).getSuccess()).isTrue();
        await().atMost(WAIT).until(() -> leader.completions.size() == 4 && worker.runningTasks() == 0);
        assertThat(stub().startWork(start("marker", "result:m")).getSuccess()).isTrue();
        await().atMost(WAIT)
                .until(() -> leader.completions.stream().anyMatch(c -> c.getId().equals("marker")));
        assertThat(leader.completions).filteredOn(c -> c.getId().equals("gone")).hasSize(1);
    }

    @Test
    void startFailsClearlyWhenThePushPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            WorkerOptions options = WorkerOptions.newBuilder()
                    .setLeaderAddresses(leader.address())
                    .setTransport(Transport.PUSH)
                    .setPushListenPort(taken.getLocalPort())
                    .build();
            assertThatThrownBy(() -> Worker.start(options, handler))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("cannot serve worker.v1.WorkerService on port " + taken.getLocalPort());
        }
        assertThat(leader.joins).isEmpty();
    }

    @Test
    void shutdownStopsTakingWorkAndLeaves() {
        startWorker();
        stub().startWork(start("a", "block"));
        await().atMost(WAIT).until(() -> handler.started.contains("a"));

        worker.shutdown(Duration.ofMillis(200));

        assertThat(handler.sawCancelled).containsExactly("a");
        assertThat(leader.completions).isEmpty();
        assertThat(leader.leaves).hasSize(1);
        assertThat(leader.leaves.get(0).getId()).isEqualTo("push-1");
    }
}
