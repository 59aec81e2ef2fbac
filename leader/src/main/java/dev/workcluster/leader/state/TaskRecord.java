package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.StoredTask;
import java.util.Objects;

/**
 * One task as the state machine holds it. Readers outside this package see it
 * only through getters, under the state's read lock; only the state mutates it.
 */
public final class TaskRecord {
    private final String id;
    private final String payload;
    private final int payloadBytes;
    private final Priority priority;
    private final int maxAttempts;
    private final long sequence;
    private final long createdMillis;
    private final TaskTiming timing;
    /** Which members may run it; fixed when it is scheduled. */
    private Selector selector = Selector.ANY;
    /** The named queue it waits in; fixed when it is scheduled. */
    private String queue = QueueSettings.DEFAULT_QUEUE;

    private TaskStatus status = TaskStatus.PENDING;
    private long queueOrder;
    private String memberId = "";
    private int attempt = 1;
    private int assignment;
    private String error = "";
    private String result = "";
    private long startedMillis;
    private long finishedMillis;

    TaskRecord(String id, String payload, Priority priority, int maxAttempts, long sequence, long createdMillis) {
        this(id, payload, priority, maxAttempts, sequence, createdMillis, TaskTiming.NONE);
    }

    TaskRecord(
            String id,
            String payload,
            Priority priority,
            int maxAttempts,
            long sequence,
            long createdMillis,
            TaskTiming timing) {
        this.id = Objects.requireNonNull(id);
        this.payload = Objects.requireNonNull(payload);
        this.payloadBytes = Utf8.length(payload);
        this.priority = Objects.requireNonNull(priority);
        this.maxAttempts = maxAttempts;
        this.sequence = sequence;
        this.createdMillis = createdMillis;
        this.timing = Objects.requireNonNull(timing);
        this.queueOrder = sequence;
    }

    public String id() {
        return id;
    }

    public String payload() {
        return payload;
    }
    /** The payload's size in UTF-8, what the payload limits count. */
    public int payloadBytes() {
        return payloadBytes;
    }

    public Priority priority() {
        return priority;
    }

    public int maxAttempts() {
        return maxAttempts;
    }
    /** Order of arrival, unique per task; equal priorities run in this order. */
    public long sequence() {
        return sequence;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public Selector selector() {
        return selector;
    }

    void select(Selector chosen) {
        this.selector = chosen;
    }

    public String queue() {
        return queue;
    }

    /** Before the task enters the table: its queue is part of how the table indexes it. */
    void inQueue(String name) {
        this.queue = name;
    }

    /** Its run_at and timeouts, as scheduled. */
    public TaskTiming timing() {
        return timing;
    }

    /** When the task became (or becomes) ready to run: its creation, or its run_at when that is later. */
    public long readyMillis() {
        return Math.max(createdMillis, timing.runAtMillis());
    }

    /**
     * Its place among pending tasks of equal priority (lower first): the sequence, or for a task
     * released from SCHEDULED a number drawn at its release, so it does not overtake what arrived
     * while it waited.
     */
    public long queueOrder() {
        return queueOrder;
    }

    public TaskStatus status() {
        return status;
    }
    /** The member running the task, or that ran its last attempt; empty if never assigned. */
    public String memberId() {
        return memberId;
    }
    /** 1-based number of the current (or last) attempt; the fencing token of an assignment. */
    public int attempt() {
        return attempt;
    }
    /**
     * Counts assignments; the current one's number fences reports from workers. It
     * moves on every assignment, also when a refused start handed the task back
     * without using up an attempt.
     */
    public int assignment() {
        return assignment;
    }

    public String error() {
        return error;
    }

    public String result() {
        return result;
    }

    public long startedMillis() {
        return startedMillis;
    }

    public long finishedMillis() {
        return finishedMillis;
    }

    /**
     * Whether a worker's report is about the run in progress. The assignment number
     * fences exactly; without it (0) the attempt does; seed workers send neither, and
     * their reports apply to whatever run is in progress.
     */
    public boolean isCurrentRun(int reportedAttempt, int reportedAssignment) {
        if (status != TaskStatus.RUNNING) {
            return false;
        }
        if (reportedAssignment != 0) {
            return reportedAssignment == assignment;
        }
        return reportedAttempt == 0 || reportedAttempt == attempt;
    }

    /** Whether the run in progress is this member's, at this attempt and assignment (see {@link #isCurrentRun}). */
    public boolean isCurrentRunOf(String member, int reportedAttempt, int reportedAssignment) {
        return memberId.equals(member) && isCurrentRun(reportedAttempt, reportedAssignment);
    }

    void moveTo(TaskStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException(
                    "task " + id + ": " + status + " -> " + next + " is not a lifecycle transition");
        }
        status = next;
    }

    void assign(String member, long nowMillis) {
        moveTo(TaskStatus.RUNNING);
        memberId = member;
        startedMillis = nowMillis;
        assignment++;
    }

    /** A fresh task whose run_at lies ahead waits SCHEDULED; called before it is added anywhere. */
    void holdUntilRunAt() {
        status = TaskStatus.SCHEDULED;
    }

    void queueOrder(long order) {
        queueOrder = order;
    }

    void nextAttempt() {
        attempt++;
    }

    void recordError(String text) {
        error = text;
    }

    void recordResult(String text) {
        result = text;
    }

    void finishedAt(long nowMillis) {
        finishedMillis = nowMillis;
    }

    /**
     * Restores every mutable field from the task's snapshot form, read here by name: as eight positional values
     * (three strings, two ints, two longs) two of them could swap without a compiler noticing.
     */
    void restore(StoredTask stored) {
        status = TaskStatus.fromWireNumber(stored.getStatus());
        memberId = stored.getMemberId();
        attempt = stored.getAttempt();
        assignment = stored.getAssignment();
        error = stored.getError();
        result = stored.getResult();
        startedMillis = stored.getStartedMillis();
        finishedMillis = stored.getFinishedMillis();
        queueOrder = stored.getQueueOrder() != 0 ? stored.getQueueOrder() : sequence;
        selector = stored.getSelectorCount() == 0 ? Selector.ANY : new Selector(stored.getSelectorList());
        queue = stored.getQueue().isEmpty() ? QueueSettings.DEFAULT_QUEUE : stored.getQueue();
    }
}
