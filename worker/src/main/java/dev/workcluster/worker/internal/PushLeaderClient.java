package dev.workcluster.worker.internal;

import dev.workcluster.proto.cluster.v1.HeartbeatRequest;
import dev.workcluster.proto.cluster.v1.HeartbeatResponse;
import dev.workcluster.proto.cluster.v1.HeartbeatStatus;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.JoinResponse;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.LeaveRequest;
import dev.workcluster.proto.cluster.v1.LeaveResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import dev.workcluster.proto.scheduler.v1.TaskCompleteResponse;
import dev.workcluster.worker.WorkerOptions;
import io.grpc.Channel;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push-mode worker's calls to the leader, as the seed made them: Join (retried until
 * it works), a unary Heartbeat every interval (a NOT_FOUND answer means Join again),
 * TaskComplete (retried while the leader is unreachable, dropped on NOT_FOUND) and Leave.
 * State lives on one {@link ControlThread}.
 */
final class PushLeaderClient {
    private static final Logger log = LoggerFactory.getLogger(PushLeaderClient.class);
    static final long CALL_TIMEOUT_MS = 5_000;

    private final WorkerOptions options;
    private final ControlThread control;
    private final UnaryCalls calls;
    private final Backoff joinBackoff;
    private final PendingCount pendingCompletions = new PendingCount();
    private String advertisedAddress;
    private BooleanSupplier busy;
    private boolean joined;
    private boolean joining;
    private boolean leaving;
    private ScheduledFuture<?> heartbeats;
    private ScheduledFuture<?> joinRetry;

    PushLeaderClient(WorkerOptions options, Channels channels, ControlThread control) {
        this.options = options;
        this.control = control;
        this.calls = new UnaryCalls(channels, control, new LeaderAddresses(options.leaderAddresses()));
        this.joinBackoff = newBackoff();
    }

    /** Joins with the address the leader should call, then heartbeats IDLE or BUSY. */
    void start(String advertisedAddress, BooleanSupplier busy) {
        control.post(() -> {
            this.advertisedAddress = advertisedAddress;
            this.busy = busy;
            join();
            heartbeats = control.every(this::heartbeat, options.heartbeatInterval());
        });
    }

    /** Reports a finished task, retrying while the leader cannot be reached. */
    void complete(TaskCompleteRequest request) {
        pendingCompletions.increment();
        Backoff backoff = newBackoff();
        control.post(() -> sendCompletion(request, backoff));
    }

    boolean awaitCompletions(Duration timeout) throws InterruptedException {
        return pendingCompletions.awaitZero(timeout);
    }

    /** Stops heartbeats and joins, and says Leave if the worker had joined. */
    CompletableFuture<Void> leave() {
        CompletableFuture<Void> left = new CompletableFuture<>();
        control.post(() -> {
            leaving = true;
            ControlThread.cancel(heartbeats);
            ControlThread.cancel(joinRetry);
            if (joined) {
                sendLeave(left, newBackoff());
            } else {
                left.complete(null);
            }
        });
        return left;
    }

    private void join() {
        if (leaving || joining) {
            return;
        }
        joining = true;
        JoinRequest request = JoinRequest.newBuilder()
                .setId(options.workerId())
                .setAddress(advertisedAddress)
                .putAllLabels(options.labels())
                .addAllQueues(options.queues())
                .build();
        String address = calls.currentAddress();
        calls.<JoinResponse>call(
                (ch, o) -> leader(ch).join(request, o),
                response -> {
                    joining = false;
                    joined = true;
                    joinBackoff.reset();
                    log.info(
                            "event=joined worker={} leader={} address={}",
                            options.workerId(),
                            address,
                            advertisedAddress);
                },
                status -> {
                    joining = false;
                    Duration delay = joinBackoff.nextDelay();
                    log.warn(
                            "event=join_failed worker={} leader={} status={} retry_ms={}",
                            options.workerId(),
                            address,
                            status.getCode(),
                            delay.toMillis());
                    joinRetry = control.schedule(this::join, delay);
                });
    }

    private void heartbeat() {
        if (!joined || leaving) {
            return;
        }
        // Idle only with nothing to report: the leader counts the runs of an idle worker as lost
        // and starts them again, and a completion still on its way would then finish the new run.
        HeartbeatStatus status = busy.getAsBoolean() || pendingCompletions.get() > 0
                ? HeartbeatStatus.HEARTBEAT_STATUS_BUSY
                : HeartbeatStatus.HEARTBEAT_STATUS_IDLE;
        HeartbeatRequest request = HeartbeatRequest.newBuilder()
                .setId(options.workerId())
                .setStatus(status)
                .build();
        calls.<HeartbeatResponse>call((ch, o) -> leader(ch).heartbeat(request, o), response -> {}, failure -> {
            if (failure.getCode() == Status.Code.NOT_FOUND && joined && !leaving) {
                log.warn("event=heartbeat_unknown_member worker={} action=join", options.workerId());
                joined = false;
                join();
            } else {
                log.debug("event=heartbeat_failed worker={} status={}", options.workerId(), failure.getCode());
            }
        });
    }

    private void sendCompletion(TaskCompleteRequest request, Backoff backoff) {
        calls.<TaskCompleteResponse>call(
                (ch, o) -> SchedulerServiceGrpc.newStub(ch)
                        .withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                        .taskComplete(request, o),
                response -> pendingCompletions.decrement(),
                status -> {
                    if (UnaryCalls.isTransient(status)) {
                        Duration delay = backoff.nextDelay();
                        TaskLog.about(log.atInfo(), PushWorkService.key(request.getId()))
                                .log(
                                        "event=task_complete_retry {} status={} retry_ms={}",
                                        status.getCode(),
                                        delay.toMillis());
                        control.schedule(() -> sendCompletion(request, backoff), delay);
                    } else {
                        TaskLog.about(log.atWarn(), PushWorkService.key(request.getId()))
                                .log(
                                        "event=task_complete_dropped {} status={} description={}",
                                        status.getCode(),
                                        status.getDescription());
                        pendingCompletions.decrement();
                    }
                });
    }

    private void sendLeave(CompletableFuture<Void> left, Backoff backoff) {
        LeaveRequest request =
                LeaveRequest.newBuilder().setId(options.workerId()).build();
        calls.<LeaveResponse>call(
                (ch, o) -> leader(ch).leave(request, o),
                response -> {
                    log.info("event=left worker={}", options.workerId());
                    left.complete(null);
                },
                status -> {
                    if (UnaryCalls.isTransient(status)) {
                        control.schedule(() -> sendLeave(left, backoff), backoff.nextDelay());
                    } else {
                        log.warn("event=leave_failed worker={} status={}", options.workerId(), status.getCode());
                        left.complete(null);
                    }
                });
    }

    private static LeaderServiceGrpc.LeaderServiceStub leader(Channel channel) {
        return LeaderServiceGrpc.newStub(channel).withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private Backoff newBackoff() {
        return new Backoff(options.reconnectBackoffInitial(), options.reconnectBackoffMax());
    }
}
