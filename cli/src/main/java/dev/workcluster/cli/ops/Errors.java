package dev.workcluster.cli.ops;

import io.grpc.StatusRuntimeException;

/** The one-line form of a server's refusal, as {@code Main} prints it: description and gRPC code. */
final class Errors {
    private Errors() {
    }

    static String describe(StatusRuntimeException error) {
        String description = error.getStatus().getDescription();
        return (description == null ? "the leader refused the request" : description)
                + " (" + error.getStatus().getCode() + ")";
    }
}
