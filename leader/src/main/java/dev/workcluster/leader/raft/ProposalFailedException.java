package dev.workcluster.leader.raft;

/** A proposal that could not be committed; the gRPC edge answers UNAVAILABLE. */
public final class ProposalFailedException extends RuntimeException {
    public ProposalFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
