package dev.workcluster.worker.internal;

/** One attempt of one task: the unit of fencing on the session stream. */
public record AttemptKey(String taskId, int attempt) {
    @Override
    public String toString() {
        return taskId + "#" + attempt;
    }
}
