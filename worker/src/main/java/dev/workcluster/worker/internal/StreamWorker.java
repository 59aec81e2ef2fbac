package dev.workcluster.worker.internal;

import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The session-stream transport: a {@link SessionLoop} feeding a {@link TaskRunner}. */
public final class StreamWorker implements WorkerEngine {
    private static final Logger log = LoggerFactory.getLogger(StreamWorker.class);
    /** How long shutdown waits for acknowledgements, and then for the leader to end the stream. */
    static final Duration FINAL_WAIT = Duration.ofSeconds(5);

    private final WorkerOptions options;
    private final Channels channels;
    private final ControlThread control;
    private final OutcomeBuffer outcomes = new OutcomeBuffer();
    private final TaskRunner runner;
    private final SessionLoop loop;

    public StreamWorker(WorkerOptions options, TaskHandler handler, ChannelFactory channelFactory) {
        this.options = options;
        this.channels = new Channels(channelFactory);
        this.control = new ControlThread("workcluster-session-" + options.workerId());
        this.runner = new TaskRunner(options.slots(), handler, this::deliver, this::mayStart, this::progress);
        this.loop = new SessionLoop(options, channels, runner, outcomes, control);
    }

    /** Slot threads ask before a handler begins; the loop exists before the first task can start. */
    private boolean mayStart() {
        return loop.mayStart();
    }

    /** Task threads report here; the loop exists before the first task can start. */
    private void deliver(RunningTask task, Outcome outcome) {
        loop.onOutcome(task, outcome);
    }

    /** Handlers report progress here; the loop exists before the first task can start. */
    private void progress(AttemptKey key) {
        loop.onProgress(key);
    }

    @Override
    public void start() {
        log.info(
                "event=worker_starting worker={} transport=stream slots={} leaders={}",
                options.workerId(),
                options.slots(),
                options.leaderAddresses());
        loop.start();
    }

    @Override
    public int runningTasks() {
        return runner.occupied();
    }

    @Override
    public void drainAndStop(Duration grace) throws InterruptedException {
        try {
            TaskDrain.runDown(options.workerId(), runner, grace, loop::drain, this::handBack);
            if (!outcomes.awaitEmpty(FINAL_WAIT)) {
                log.warn("event=outcomes_unacknowledged worker={} count={}", options.workerId(), outcomes.size());
            }
            awaitGoodbye();
            runner.awaitIdle(TaskDrain.CANCEL_WAIT);
        } finally {
            runner.handBackAll();
            loop.close();
            runner.close();
            control.shutdown();
            channels.close();
            log.info("event=worker_stopped worker={}", options.workerId());
        }
    }

    private void handBack(List<RunningTask> handedBack) {
        log.info("event=tasks_handed_back worker={} count={}", options.workerId(), handedBack.size());
        loop.handBack(handedBack);
    }

    private void awaitGoodbye() throws InterruptedException {
        try {
            loop.goodbye().get(FINAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("event=goodbye_unanswered worker={} waited_ms={}", options.workerId(), FINAL_WAIT.toMillis());
        } catch (ExecutionException e) {
            log.warn("event=goodbye_failed worker={}", options.workerId(), e.getCause());
        }
    }
}
