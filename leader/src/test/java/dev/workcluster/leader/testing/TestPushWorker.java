package dev.workcluster.leader.testing;

import dev.workcluster.proto.cluster.v1.HeartbeatRequest;
import dev.workcluster.proto.cluster.v1.HeartbeatStatus;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.LeaveRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import dev.workcluster.proto.worker.v1.StartWorkRequest;
import dev.workcluster.proto.worker.v1.StartWorkResponse;
import dev.workcluster.proto.worker.v1.StopWorkRequest;
import dev.workcluster.proto.worker.v1.StopWorkResponse;
import dev.workcluster.proto.worker.v1.WorkerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A seed-style ("push-mode") worker for tests: serves worker.v1.WorkerService
 * on a loopback port, joins the leader, heartbeats, and completes tasks when
 * the test says so. It records every StartWork and StopWork it receives.
 */
public final class TestPushWorker implements AutoCloseable {
    private final String id;
    private final Server server;
    private final ManagedChannel leaderChannel;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<String> stopped = new CopyOnWriteArrayList<>();
    private final AtomicBoolean acceptWork = new AtomicBoolean(true);
    private volatile long startWorkDelayMillis;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    /** Answers StartWork late when a delay is set, the way a slow worker would. */
    private final ScheduledExecutorService replies = Executors.newSingleThreadScheduledExecutor();

    public TestPushWorker(String id, String leaderAddress) throws IOException {
        this.id = id;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Service())
                .build()
                .start();
        this.leaderChannel =
                NettyChannelBuilder.forTarget(leaderAddress).usePlaintext().build();
    }

    public String id() {
        return id;
    }

    public String address() {
        return "127.0.0.1:" + server.getPort();
    }
    /** Tasks it was told to start and has not completed or been told to stop. */
    public Set<String> running() {
        return running;
    }

    public List<String> started() {
        return started;
    }

    public List<String> stopped() {
        return stopped;
    }

    /** When false, StartWork answers success=false. */
    public TestPushWorker acceptWork(boolean accept) {
        acceptWork.set(accept);
        return this;
    }

    /** Makes StartWork slow, as a worker under load would be. */
    public TestPushWorker startWorkDelay(long millis) {
        startWorkDelayMillis = millis;
        return this;
    }

    public TestPushWorker join() {
        cluster().join(JoinRequest.newBuilder().setId(id).setAddress(address()).build());
        return this;
    }

    /** Heartbeats every {@code periodMillis} until {@link #stopHeartbeats()} or close. */
    public TestPushWorker heartbeatEvery(long periodMillis) {
        heartbeats.scheduleAtFixedRate(
                () -> {
                    try {
                        heartbeat(
                                running.isEmpty()
                                        ? HeartbeatStatus.HEARTBEAT_STATUS_IDLE
                                        : HeartbeatStatus.HEARTBEAT_STATUS_BUSY);
                    } catch (RuntimeException e) {
                        // the leader may be restarting; the next beat retries
                    }
                },
                0,
                periodMillis,
                TimeUnit.MILLISECONDS);
        return this;
    }

    public void stopHeartbeats() {
        heartbeats.shutdownNow();
    }

    public void heartbeat(HeartbeatStatus status) {
        cluster()
                .heartbeat(HeartbeatRequest.newBuilder()
                        .setId(id)
                        .setStatus(status)
                        .build());
    }

    public void complete(String taskId) {
        running.remove(taskId);
        scheduler().taskComplete(TaskCompleteRequest.newBuilder().setId(taskId).build());
    }

    public void fail(String taskId, String error) {
        running.remove(taskId);
        scheduler()
                .taskComplete(TaskCompleteRequest.newBuilder()
                        .setId(taskId)
                        .setError(error)
                        .build());
    }

    public void leave() {
        cluster().leave(LeaveRequest.newBuilder().setId(id).build());
    }

    private LeaderServiceGrpc.LeaderServiceBlockingStub cluster() {
        return LeaderServiceGrpc.newBlockingStub(leaderChannel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler() {
        return SchedulerServiceGrpc.newBlockingStub(leaderChannel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private final class Service extends WorkerServiceGrpc.WorkerServiceImplBase {
        @Override
        public void startWork(StartWorkRequest request, StreamObserver<StartWorkResponse> observer) {
            long delay = startWorkDelayMillis;
            if (delay > 0) {
                replies.schedule(() -> answerStart(request, observer), delay, TimeUnit.MILLISECONDS);
            } else {
                answerStart(request, observer);
            }
        }

        private void answerStart(StartWorkRequest request, StreamObserver<StartWorkResponse> observer) {
            boolean accept = acceptWork.get();
            if (accept) {
                started.add(request.getId());
                running.add(request.getId());
            }
            observer.onNext(StartWorkResponse.newBuilder().setSuccess(accept).build());
            observer.onCompleted();
        }

        @Override
        public void stopWork(StopWorkRequest request, StreamObserver<StopWorkResponse> observer) {
            stopped.add(request.getId());
            boolean wasRunning = running.remove(request.getId());
            observer.onNext(StopWorkResponse.newBuilder().setSuccess(wasRunning).build());
            observer.onCompleted();
        }
    }

    @Override
    public void close() throws InterruptedException {
        heartbeats.shutdownNow();
        replies.shutdownNow();
        leaderChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
