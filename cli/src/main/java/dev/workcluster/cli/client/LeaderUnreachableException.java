package dev.workcluster.cli.client;

/** No leader address answered within the timeout; the CLI exits 2 with this message. */
public final class LeaderUnreachableException extends RuntimeException {
    public LeaderUnreachableException(String message) {
        super(message);
    }
}
