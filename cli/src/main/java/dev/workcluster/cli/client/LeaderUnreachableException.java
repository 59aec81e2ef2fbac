package dev.workcluster.cli.client;

import dev.workcluster.client.ClusterUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;

/** No leader address answered within the timeout; the CLI exits 2 with this message. */
public final class LeaderUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeaderUnreachableException(String message) {
        super(message);
    }

    /** The client gave up on {@code addresses}: said as the CLI always has, with the last reason. */
    public static LeaderUnreachableException of(List<String> addresses, ClusterUnavailableException gaveUp) {
        String why = gaveUp.getCause() instanceof StatusRuntimeException last
                ? reason(last.getStatus())
                : gaveUp.getMessage();
        return new LeaderUnreachableException(
                "cannot reach the leader at " + String.join(", ", addresses) + " (" + why + ")");
    }

    /** Why a node did not answer, for one line of output: the server's description, or the transport's reason. */
    public static String reason(Status status) {
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return "no answer in time";
        }
        Throwable cause = status.getCause();
        String reason = status.getDescription() != null
                ? status.getDescription()
                : cause != null && cause.getMessage() != null
                        ? cause.getMessage()
                        : status.getCode().name();
        return reason.replaceAll("^io\\.grpc\\.[\\w.$]+: ", "");
    }
}
