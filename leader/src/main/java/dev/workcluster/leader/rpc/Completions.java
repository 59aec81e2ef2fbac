package dev.workcluster.leader.rpc;

import dev.workcluster.leader.state.proto.CompleteTask;

/**
 * A worker's report of a run as the command that records it, the same for session outcomes and
 * the seed's {@code TaskComplete}. A result over the node's limit is not stored, and not cut
 * either: the run is recorded as a failed attempt whose error names the size and the limit, so a
 * client never reads part of a result as if it were all of it. The task is then retried like after
 * any failure. Error texts are diagnosis and are cut at {@link #MAX_ERROR_CHARS} instead.
 *
 * <pre>{@code
 * Completions completions = new Completions(64 * 1024);
 * CompleteTask.Builder complete = completions.of("t-1", 2, false, false, "", result);
 * }</pre>
 */
public final class Completions {
    /** Error texts longer than this are cut: a completion is never refused for its error. */
    static final int MAX_ERROR_CHARS = 64 * 1024;

    private final int maxResultBytes;

    /** {@code maxResultBytes}: the node's {@code --max-result-bytes}. */
    public Completions(int maxResultBytes) {
        this.maxResultBytes = maxResultBytes;
    }

    CompleteTask.Builder of(
            String taskId, int attempt, boolean failed, boolean nonRetryable, String error, String result) {
        CompleteTask.Builder complete = CompleteTask.newBuilder().setId(taskId).setAttempt(attempt);
        int resultBytes = Requests.utf8Bytes(result, maxResultBytes);
        if (resultBytes > maxResultBytes) {
            String tooLarge = "the result of " + resultBytes + " bytes is over the limit of " + maxResultBytes
                    + " bytes (leader --max-result-bytes) and was not stored";
            return complete.setFailed(true)
                    .setNonRetryable(failed && nonRetryable)
                    .setError(cut(failed && !error.isEmpty() ? error + "; " + tooLarge : tooLarge));
        }
        return complete.setFailed(failed)
                .setNonRetryable(failed && nonRetryable)
                .setError(cut(error))
                .setResult(result);
    }

    private static String cut(String text) {
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "…[truncated]";
    }
}
