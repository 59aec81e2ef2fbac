package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/** Stamps commands with the leader's clock (the state machine has none) and proposes them. */
public final class Proposer {
    private final CommandLog log;
    private final Clock clock;

    public Proposer(CommandLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public CompletableFuture<CommandResult> propose(Command.Builder command) {
        return log.propose(command.setNowMillis(clock.millis()).build());
    }

    public Clock clock() {
        return clock;
    }
}
