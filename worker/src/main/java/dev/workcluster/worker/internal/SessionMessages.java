package dev.workcluster.worker.internal;

import dev.workcluster.proto.cluster.v1.Drain;
import dev.workcluster.proto.cluster.v1.Goodbye;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.SessionHeartbeat;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.proto.cluster.v1.TaskOutcomes;
import dev.workcluster.worker.WorkerOptions;
import java.util.Collection;
import java.util.List;

/** Builds the worker → leader messages of the session stream. */
public final class SessionMessages {
    private SessionMessages() {}

    public static SessionRequest hello(
            WorkerOptions options, String instanceId, Collection<AttemptKey> running, String unreachableLeader) {
        Hello.Builder hello = Hello.newBuilder()
                .setWorkerId(options.workerId())
                .setInstanceId(instanceId)
                .setUnreachableLeader(unreachableLeader)
                .setBatches(true)
                .setSlots(options.slots())
                .putAllLabels(options.labels())
                .addAllQueues(options.queues())
                .setHeartbeatIntervalMs(
                        Math.toIntExact(options.heartbeatInterval().toMillis()))
                .setLibraryVersion(OptionDefaults.libraryVersion());
        running.forEach(key -> hello.addRunning(attempt(key)));
        return SessionRequest.newBuilder().setHello(hello).build();
    }

    public static SessionRequest heartbeat(
            Collection<AttemptKey> running, Collection<AttemptKey> unacknowledged, long sequence) {
        SessionHeartbeat.Builder heartbeat = SessionHeartbeat.newBuilder()
                .setRunning(running.size())
                .setReportsAttempts(true)
                .setSequence(sequence);
        running.forEach(key -> heartbeat.addRunningAttempts(attempt(key)));
        unacknowledged.forEach(key -> heartbeat.addUnacknowledged(attempt(key)));
        return SessionRequest.newBuilder().setHeartbeat(heartbeat).build();
    }

    public static TaskOutcome outcome(AttemptKey key, Outcome outcome) {
        TaskOutcome.Builder b = TaskOutcome.newBuilder()
                .setTaskId(key.taskId())
                .setAttempt(key.attempt())
                .setAssignment(key.assignment());
        if (outcome.isSuccess()) {
            b.setResult(outcome.result());
        } else {
            b.setError(outcome.error()).setNonRetryable(outcome.nonRetryable());
        }
        return b.build();
    }

    public static SessionRequest outcome(TaskOutcome outcome) {
        return SessionRequest.newBuilder().setOutcome(outcome).build();
    }

    /** Several outcomes in one message, for a leader whose Welcome said it takes batches. */
    public static SessionRequest outcomes(List<TaskOutcome> outcomes) {
        return SessionRequest.newBuilder()
                .setOutcomes(TaskOutcomes.newBuilder().addAllOutcomes(outcomes))
                .build();
    }

    public static SessionRequest progress(AttemptKey key) {
        return SessionRequest.newBuilder().setProgress(attempt(key)).build();
    }

    public static SessionRequest handBack(AttemptKey key) {
        return SessionRequest.newBuilder().setHandBack(attempt(key)).build();
    }

    public static SessionRequest drain() {
        return SessionRequest.newBuilder().setDrain(Drain.getDefaultInstance()).build();
    }

    public static SessionRequest goodbye() {
        return SessionRequest.newBuilder()
                .setGoodbye(Goodbye.getDefaultInstance())
                .build();
    }

    public static AttemptKey key(TaskAttempt attempt) {
        return new AttemptKey(attempt.getTaskId(), attempt.getAttempt(), attempt.getAssignment());
    }

    private static TaskAttempt attempt(AttemptKey key) {
        return TaskAttempt.newBuilder()
                .setTaskId(key.taskId())
                .setAttempt(key.attempt())
                .setAssignment(key.assignment())
                .build();
    }
}
