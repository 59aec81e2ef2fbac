package dev.workcluster.worker.internal;

/**
 * One assignment of one task: the unit of fencing on the session stream. The
 * leader's assignment number tells apart two runs of the same attempt (a start
 * handed back and given out again); it is echoed in everything about the run.
 */
public record AttemptKey(String taskId, int attempt, int assignment) {
    /** A run the leader gave no assignment number (push mode). */
    public AttemptKey(String taskId, int attempt) {
        this(taskId, attempt, 0);
    }

    @Override
    public String toString() {
        return taskId + "#" + attempt + "/" + assignment;
    }
}
