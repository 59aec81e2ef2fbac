package dev.workcluster.worker.internal;

/** How a handler ended: a result, or an error that may forbid retries. */
public record Outcome(String result, String error, boolean nonRetryable) {

    public static Outcome success(String result) {
        return new Outcome(result == null ? "" : result, null, false);
    }

    public static Outcome failure(String error, boolean nonRetryable) {
        return new Outcome(null, error, nonRetryable);
    }

    public boolean isSuccess() {
        return error == null;
    }
}
