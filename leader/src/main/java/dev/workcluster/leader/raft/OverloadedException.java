package dev.workcluster.leader.raft;

/** Too many proposals wait for the log already; the gRPC edge answers RESOURCE_EXHAUSTED. */
public final class OverloadedException extends RuntimeException {
    public OverloadedException(String message) {
        super(message);
    }
}
