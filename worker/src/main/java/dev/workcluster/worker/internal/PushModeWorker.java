package dev.workcluster.worker.internal;

import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.WorkerOptions;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's wiring: serves {@code worker.v1.WorkerService}, joins with its address,
 * heartbeats, and reports each finished task with {@code TaskComplete}. One task at a time.
 */
public final class PushModeWorker implements WorkerEngine {
    private static final Logger log = LoggerFactory.getLogger(PushModeWorker.class);
    static final Duration FINAL_WAIT = Duration.ofSeconds(5);

    private final WorkerOptions options;
    private final Channels channels;
    private final ControlThread control;
    private final TaskRunner runner;
    private final PushLeaderClient leader;
    private Server server;
    /** The port's TLS when the options set it: the leader's calls must present a certificate from the CA. */
    private ReloadingTls serverTls;

    public PushModeWorker(WorkerOptions options, TaskHandler handler, ChannelFactory channelFactory) {
        this.options = options;
        this.channels = new Channels(channelFactory);
        this.control = new ControlThread("workcluster-push-" + options.workerId());
        this.runner = new TaskRunner(1, handler, this::report);
        this.leader = new PushLeaderClient(options, channels, control);
    }

    @Override
    public void start() {
        try {
            ServerCredentials credentials = InsecureServerCredentials.create();
            if (options.tls() != null) {
                serverTls = new ReloadingTls(options.tls());
                credentials = serverTls.serverCredentials();
            }
            server = Grpc.newServerBuilderForPort(options.pushListenPort(), credentials)
                    .addService(new PushWorkService(runner))
                    .build()
                    .start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(
                    "cannot serve worker.v1.WorkerService on port " + options.pushListenPort(), e);
        }
        String advertised = options.pushAdvertisedAddress() != null
                ? options.pushAdvertisedAddress()
                : "localhost:" + server.getPort();
        log.info(
                "event=worker_starting worker={} transport=push listen_port={} advertised={} leaders={}",
                options.workerId(),
                server.getPort(),
                advertised,
                options.leaderAddresses());
        leader.start(advertised, () -> runner.occupied() > 0);
    }

    @Override
    public int runningTasks() {
        return runner.occupied();
    }

    @Override
    public void drainAndStop(Duration grace) throws InterruptedException {
        try {
            // A push worker cannot tell its leader it drains; the runs it cancels go back to the queue with its leave.
            TaskDrain.runDown(
                    options.workerId(),
                    runner,
                    grace,
                    () -> {},
                    cancelled -> log.info(
                            "event=tasks_cancelled_for_leave worker={} count={}",
                            options.workerId(),
                            cancelled.size()));
            if (!leader.awaitCompletions(FINAL_WAIT)) {
                log.warn("event=completions_unreported worker={}", options.workerId());
            }
            leader.leave().get(FINAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            runner.awaitIdle(TaskDrain.CANCEL_WAIT);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("event=leave_unanswered worker={}", options.workerId());
        } finally {
            close();
        }
    }

    private void report(RunningTask task, Outcome outcome) {
        TaskCompleteRequest.Builder request = TaskCompleteRequest.newBuilder()
                .setId(task.taskId())
                .setAttempt(0)
                .setWorkerId(options.workerId());
        if (outcome.isSuccess()) {
            request.setResult(outcome.result());
        } else {
            request.setError(outcome.error()).setNonRetryable(outcome.nonRetryable());
        }
        leader.complete(request.build());
    }

    private void close() {
        if (server != null) {
            server.shutdown();
            try {
                if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            } catch (InterruptedException e) {
                server.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        runner.handBackAll();
        runner.close();
        control.shutdown();
        channels.close();
        if (serverTls != null) {
            serverTls.close();
        }
        log.info("event=worker_stopped worker={}", options.workerId());
    }
}
