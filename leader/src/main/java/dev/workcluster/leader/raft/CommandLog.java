package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import java.util.concurrent.CompletableFuture;

/**
 * Where durable changes go: a command completes once it is committed and
 * applied, with what apply() returned. It completes exceptionally with
 * {@link ProposalFailedException} when it could not be committed (not the
 * leader, quorum lost, shutting down); whether it was applied is then unknown,
 * so callers retry idempotently.
 */
public interface CommandLog {
    CompletableFuture<CommandResult> propose(Command command);
}
