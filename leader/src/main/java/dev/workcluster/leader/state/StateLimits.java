package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.Limits;
import java.time.Duration;

/**
 * Bounds that keep the state machine's memory finite. Every replica must run
 * with the same limits, since they decide what apply() accepts and drops.
 *
 * @param maxPayloadBytes   largest accepted payload, in UTF-8 bytes
 * @param maxQueuedTasks    PENDING tasks beyond which ScheduleTask is refused
 * @param retainFinishedCount finished tasks kept (oldest dropped first)
 * @param retainFinishedAge  finished tasks (and expired members) older than this are dropped
 * @param defaultMaxAttempts attempts a task gets when the client does not say
 * @param maxAttemptsCeiling largest max_attempts a client may ask for
 * @param maxUnfinishedPayloadBytes payload bytes (UTF-8) that PENDING and RUNNING tasks may hold
 *                          together: the count limit alone would let 1M tasks of 1 MiB fill every replica
 * @param maxMembers        member records kept; at the cap a new member takes the place of the
 *                          longest-expired one, and is refused when every member is alive
 */
public record StateLimits(
        int maxPayloadBytes,
        int maxQueuedTasks,
        int retainFinishedCount,
        Duration retainFinishedAge,
        int defaultMaxAttempts,
        int maxAttemptsCeiling,
        long maxUnfinishedPayloadBytes,
        int maxMembers) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_QUEUED_TASKS = 1_000_000;
    public static final int DEFAULT_RETAIN_FINISHED_COUNT = 100_000;
    public static final Duration DEFAULT_RETAIN_FINISHED_AGE = Duration.ofHours(24);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int DEFAULT_MAX_ATTEMPTS_CEILING = 100;
    public static final long DEFAULT_MAX_UNFINISHED_PAYLOAD_BYTES = 512L << 20;
    public static final int DEFAULT_MAX_MEMBERS = 10_000;

    public StateLimits {
        requirePositive("maxPayloadBytes", maxPayloadBytes);
        requirePositive("maxQueuedTasks", maxQueuedTasks);
        if (retainFinishedCount < 0) {
            throw new IllegalArgumentException("retainFinishedCount must be >= 0, got " + retainFinishedCount);
        }
        if (retainFinishedAge.isNegative()) {
            throw new IllegalArgumentException("retainFinishedAge must be >= 0, got " + retainFinishedAge);
        }
        requirePositive("defaultMaxAttempts", defaultMaxAttempts);
        if (maxAttemptsCeiling < defaultMaxAttempts) {
            throw new IllegalArgumentException(
                    "maxAttemptsCeiling " + maxAttemptsCeiling + " is below defaultMaxAttempts " + defaultMaxAttempts);
        }
        if (maxUnfinishedPayloadBytes < maxPayloadBytes) {
            throw new IllegalArgumentException("maxUnfinishedPayloadBytes " + maxUnfinishedPayloadBytes
                    + " is below maxPayloadBytes " + maxPayloadBytes + ": no task of the largest size would fit");
        }
        requirePositive("maxMembers", maxMembers);
    }

    /** The first six bounds, with the default payload budget and member cap. */
    public StateLimits(
            int maxPayloadBytes,
            int maxQueuedTasks,
            int retainFinishedCount,
            Duration retainFinishedAge,
            int defaultMaxAttempts,
            int maxAttemptsCeiling) {
        this(
                maxPayloadBytes,
                maxQueuedTasks,
                retainFinishedCount,
                retainFinishedAge,
                defaultMaxAttempts,
                maxAttemptsCeiling,
                Math.max(DEFAULT_MAX_UNFINISHED_PAYLOAD_BYTES, maxPayloadBytes),
                DEFAULT_MAX_MEMBERS);
    }

    public StateLimits withMaxUnfinishedPayloadBytes(long bytes) {
        return new StateLimits(
                maxPayloadBytes,
                maxQueuedTasks,
                retainFinishedCount,
                retainFinishedAge,
                defaultMaxAttempts,
                maxAttemptsCeiling,
                bytes,
                maxMembers);
    }

    public StateLimits withMaxMembers(int members) {
        return new StateLimits(
                maxPayloadBytes,
                maxQueuedTasks,
                retainFinishedCount,
                retainFinishedAge,
                defaultMaxAttempts,
                maxAttemptsCeiling,
                maxUnfinishedPayloadBytes,
                members);
    }

    public Limits toProto() {
        return Limits.newBuilder()
                .setMaxPayloadBytes(maxPayloadBytes)
                .setMaxQueuedTasks(maxQueuedTasks)
                .setRetainFinishedCount(retainFinishedCount)
                .setRetainFinishedAgeMillis(retainFinishedAge.toMillis())
                .setDefaultMaxAttempts(defaultMaxAttempts)
                .setMaxAttemptsCeiling(maxAttemptsCeiling)
                .setMaxUnfinishedPayloadBytes(maxUnfinishedPayloadBytes)
                .setMaxMembers(maxMembers)
                .build();
    }

    /**
     * An entry proposed before a limit existed carries 0 for it: it is replayed without that
     * limit, as it was applied the first time.
     */
    public static StateLimits fromProto(Limits limits) {
        long payloadBudget =
                limits.getMaxUnfinishedPayloadBytes() > 0 ? limits.getMaxUnfinishedPayloadBytes() : Long.MAX_VALUE;
        int members = limits.getMaxMembers() > 0 ? limits.getMaxMembers() : Integer.MAX_VALUE;
        return new StateLimits(
                limits.getMaxPayloadBytes(),
                limits.getMaxQueuedTasks(),
                limits.getRetainFinishedCount(),
                Duration.ofMillis(limits.getRetainFinishedAgeMillis()),
                limits.getDefaultMaxAttempts(),
                limits.getMaxAttemptsCeiling(),
                payloadBudget,
                members);
    }

    public static StateLimits defaults() {
        return new StateLimits(
                DEFAULT_MAX_PAYLOAD_BYTES,
                DEFAULT_MAX_QUEUED_TASKS,
                DEFAULT_RETAIN_FINISHED_COUNT,
                DEFAULT_RETAIN_FINISHED_AGE,
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_MAX_ATTEMPTS_CEILING,
                DEFAULT_MAX_UNFINISHED_PAYLOAD_BYTES,
                DEFAULT_MAX_MEMBERS);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
