package dev.workcluster.leader.rpc;

import dev.workcluster.leader.raft.OverloadedException;
import dev.workcluster.leader.raft.ProposalFailedException;
import dev.workcluster.leader.state.proto.CommandResult;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where outcomes and failures become gRPC status codes. */
final class StatusMapping {
    private static final Logger log = LoggerFactory.getLogger(StatusMapping.class);

    private StatusMapping() {}

    /** Returns the result when the state accepted the command; throws its rejection as a status. */
    static CommandResult accepted(CommandResult result) {
        Status status = switch (result.getCode()) {
            case RESULT_CODE_OK -> null;
            case RESULT_CODE_INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case RESULT_CODE_NOT_FOUND -> Status.NOT_FOUND;
            case RESULT_CODE_ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case RESULT_CODE_RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case RESULT_CODE_FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case UNRECOGNIZED -> Status.INTERNAL;
        };
        if (status != null) {
            throw status.withDescription(result.getMessage()).asRuntimeException();
        }
        return result;
    }

    static StatusRuntimeException toStatus(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (cause instanceof StatusException se) {
            return se.getStatus().asRuntimeException(se.getTrailers());
        }
        if (cause instanceof OverloadedException overloaded) {
            return Status.RESOURCE_EXHAUSTED
                    .withDescription(overloaded.getMessage())
                    .asRuntimeException();
        }
        if (cause instanceof ProposalFailedException pfe) {
            return Status.UNAVAILABLE.withDescription(pfe.getMessage()).asRuntimeException();
        }
        log.error("event=internal_error error={}", cause.toString(), cause);
        return Status.INTERNAL.withDescription("internal error: " + cause).asRuntimeException();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
