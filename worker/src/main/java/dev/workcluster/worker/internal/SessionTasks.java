package dev.workcluster.worker.internal;

import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.StartTask;
import dev.workcluster.proto.cluster.v1.StopTask;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task side of the session: turns StartTask / StopTask / outcome_ack into work on the
 * {@link TaskRunner} and the {@link OutcomeBuffer}, and says what the worker still claims.
 */
final class SessionTasks {
    private static final Logger log = LoggerFactory.getLogger(SessionTasks.class);
    private final TaskRunner runner;
    private final OutcomeBuffer outcomes;

    SessionTasks(TaskRunner runner, OutcomeBuffer outcomes) {
        this.runner = runner;
        this.outcomes = outcomes;
    }

    /** Attempts the leader must not give to anyone else: running, or finished but unacknowledged. */
    Set<AttemptKey> claimed() {
        Set<AttemptKey> claimed = new LinkedHashSet<>(runner.activeAttempts());
        claimed.addAll(outcomes.keys());
        return claimed;
    }

    /** Starts the attempt; returns the hand_back to send when the worker cannot take it. */
    Optional<SessionRequest> start(StartTask start) {
        AttemptKey key = new AttemptKey(start.getTaskId(), start.getAttempt(), start.getAssignment());
        if (outcomes.contains(key)) { // finished here: a start sent again after the outcome
            TaskLog.about(log.atInfo(), key).log("event=task_start_ignored {} reason=already_finished");
            return Optional.empty();
        }
        Duration heartbeatTimeout = Duration.ofMillis(Integer.toUnsignedLong(start.getHeartbeatTimeoutMs()));
        TaskRunner.Admission admission =
                runner.tryStart(key, start.getPayload(), start.getMaxAttempts(), heartbeatTimeout);
        switch (admission) {
            case STARTED -> {
                return Optional.empty();
            }
            case DUPLICATE -> {
                TaskLog.about(log.atWarn(), key).log("event=task_start_ignored {} reason=already_running");
                return Optional.empty();
            }
            default -> {
                TaskLog.about(log.atInfo(), key).log("event=task_handed_back {} reason={}", admission);
                return Optional.of(SessionMessages.handBack(key));
            }
        }
    }

    void stop(StopTask stop) {
        AttemptKey key = new AttemptKey(stop.getTaskId(), stop.getAttempt(), stop.getAssignment());
        boolean stopped = runner.stop(key);
        TaskLog.about(log.atInfo(), key)
                .log("event=task_stop {} reason='{}' was_running={}", stop.getReason(), stopped);
    }

    void acknowledged(TaskAttempt attempt) {
        outcomes.ack(SessionMessages.key(attempt));
    }

    /** Outcomes one message carries at most, well under what a leader takes (4,096). */
    static final int OUTCOMES_PER_MESSAGE = 512;

    /**
     * The messages that send this session's due outcomes (new ones, and those unacknowledged
     * for {@code resendAfter}): one per outcome, or, when the leader takes batches, as few as
     * {@link #OUTCOMES_PER_MESSAGE} allows.
     */
    List<SessionRequest> dueOutcomes(long sessionId, Duration resendAfter, boolean batches) {
        List<TaskOutcome> due = outcomes.takeDue(sessionId, System.nanoTime(), resendAfter.toNanos());
        if (!batches || due.size() == 1) {
            return due.stream().map(SessionMessages::outcome).toList();
        }
        List<SessionRequest> messages = new ArrayList<>();
        for (int from = 0; from < due.size(); from += OUTCOMES_PER_MESSAGE) {
            messages.add(
                    SessionMessages.outcomes(due.subList(from, Math.min(due.size(), from + OUTCOMES_PER_MESSAGE))));
        }
        return messages;
    }

    /** The heartbeat: what runs here and which outcomes wait for an acknowledgement. */
    SessionRequest heartbeat(long sequence) {
        return SessionMessages.heartbeat(runner.activeAttempts(), outcomes.keys(), sequence);
    }

    /** Stops every run without reporting it; returns how many there were. */
    int stopAll() {
        return runner.stopAll();
    }
}
