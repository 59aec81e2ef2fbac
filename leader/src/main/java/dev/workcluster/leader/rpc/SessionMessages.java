package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;

import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.state.proto.AttemptRef;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.JoinMember;
import dev.workcluster.leader.state.proto.ReleaseTask;
import dev.workcluster.leader.state.proto.Transport;
import dev.workcluster.proto.cluster.v1.HeartbeatAck;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.StopTask;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.proto.cluster.v1.TaskOutcomes;
import dev.workcluster.proto.cluster.v1.Welcome;
import java.time.Duration;
import java.util.List;

/** Validates worker → leader session messages and turns them into state commands. */
final class SessionMessages {
    static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 1_000;

    private SessionMessages() {}

    /**
     * A validated Hello: the Join to commit, how long the session may stay silent, and
     * whether the worker takes several items per stream message.
     */
    record Joining(String memberId, JoinMember.Builder join, Duration liveTimeout, boolean batches) {}

    /** Outcomes one TaskOutcomes message may carry; a worker sends at most its unacknowledged ones. */
    static final int MAX_OUTCOMES_PER_MESSAGE = 4_096;

    static Joining hello(Hello hello, String peer, SessionSettings settings) {
        String id = Requests.id("hello.worker_id", hello.getWorkerId());
        int maxSlots = settings.maxSlots();
        if (hello.getSlots() < 1 || hello.getSlots() > maxSlots) {
            throw invalid("hello.slots must be between 1 and " + maxSlots + ", got "
                    + Integer.toUnsignedLong(hello.getSlots()));
        }
        int interval =
                hello.getHeartbeatIntervalMs() == 0 ? DEFAULT_HEARTBEAT_INTERVAL_MS : hello.getHeartbeatIntervalMs();
        if (interval < 50 || interval > 60_000) {
            throw invalid("hello.heartbeat_interval_ms must be between 50 and 60000, got "
                    + Integer.toUnsignedLong(interval));
        }
        JoinMember.Builder join = JoinMember.newBuilder()
                .setId(id)
                .setSlots(hello.getSlots())
                .setTransport(Transport.TRANSPORT_STREAM)
                .setAddress(peer)
                .setInstance(instance(hello))
                .putAllLabels(LabelRules.labels("hello.labels", hello.getLabelsMap()))
                .addAllQueues(QueueRules.subscriptions("hello.queues", hello.getQueuesList()));
        for (TaskAttempt running : hello.getRunningList()) {
            join.addRunning(AttemptRef.newBuilder()
                    .setTaskId(Requests.id("hello.running.task_id", running.getTaskId()))
                    .setAttempt(running.getAttempt())
                    .setAssignment(running.getAssignment()));
        }
        return new Joining(
                id, join, Duration.ofMillis((long) interval * settings.missedHeartbeats()), hello.getBatches());
    }

    static final int MAX_INSTANCE_CHARS = 128;

    private static String instance(Hello hello) {
        if (hello.getInstanceId().length() > MAX_INSTANCE_CHARS) {
            throw invalid("hello.instance_id must be at most " + MAX_INSTANCE_CHARS + " characters, got "
                    + hello.getInstanceId().length());
        }
        return hello.getInstanceId();
    }

    static CompleteTask.Builder outcome(TaskOutcome outcome, Completions completions) {
        String taskId = Requests.id("outcome.task_id", outcome.getTaskId());
        if (outcome.getAttempt() < 1) {
            throw invalid("outcome.attempt of task '" + taskId + "' must be >= 1, got " + outcome.getAttempt());
        }
        boolean failed = outcome.getOutcomeCase() == TaskOutcome.OutcomeCase.ERROR;
        return completions
                .of(
                        taskId,
                        outcome.getAttempt(),
                        failed,
                        outcome.getNonRetryable(),
                        outcome.getError(),
                        outcome.getResult())
                .setAssignment(outcome.getAssignment());
    }

    static ReleaseTask.Builder handBack(TaskAttempt attempt, String memberId) {
        String taskId = Requests.id("hand_back.task_id", attempt.getTaskId());
        return ReleaseTask.newBuilder()
                .setTaskId(taskId)
                .setMemberId(memberId)
                .setAttempt(attempt.getAttempt())
                .setAssignment(attempt.getAssignment());
    }

    static SessionResponse welcome(
            String memberId, String nodeId, Duration reconnectGrace, Duration liveTimeout, boolean batches) {
        return SessionResponse.newBuilder()
                .setWelcome(Welcome.newBuilder()
                        .setMemberId(memberId)
                        .setNodeId(nodeId)
                        .setReconnectGraceMs((int) reconnectGrace.toMillis())
                        .setLiveTimeoutMs((int) Math.min(Integer.MAX_VALUE, liveTimeout.toMillis()))
                        .setBatches(batches))
                .build();
    }

    /** Checks a batch of outcomes' size; each outcome is checked by {@link #outcome}. */
    static List<TaskOutcome> outcomes(TaskOutcomes batch) {
        if (batch.getOutcomesCount() == 0) {
            throw invalid("outcomes must hold at least one outcome, got none");
        }
        if (batch.getOutcomesCount() > MAX_OUTCOMES_PER_MESSAGE) {
            throw invalid("outcomes may hold at most " + MAX_OUTCOMES_PER_MESSAGE + " outcomes per message, got "
                    + batch.getOutcomesCount());
        }
        return batch.getOutcomesList();
    }

    static SessionResponse heartbeatAck(long sequence) {
        return SessionResponse.newBuilder()
                .setHeartbeatAck(HeartbeatAck.newBuilder().setSequence(sequence))
                .build();
    }

    static SessionResponse stop(AttemptRef run) {
        return stop(TaskAttempt.newBuilder()
                .setTaskId(run.getTaskId())
                .setAttempt(run.getAttempt())
                .setAssignment(run.getAssignment())
                .build());
    }

    static SessionResponse stop(TaskAttempt run) {
        return SessionResponse.newBuilder()
                .setStop(StopTask.newBuilder()
                        .setTaskId(run.getTaskId())
                        .setAttempt(run.getAttempt())
                        .setAssignment(run.getAssignment())
                        .setReason("not assigned to this worker any more"))
                .build();
    }

    static TaskAttempt ack(TaskOutcome outcome) {
        return TaskAttempt.newBuilder()
                .setTaskId(outcome.getTaskId())
                .setAttempt(outcome.getAttempt())
                .setAssignment(outcome.getAssignment())
                .build();
    }
}
