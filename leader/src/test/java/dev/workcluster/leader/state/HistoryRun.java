package dev.workcluster.leader.state;

import com.google.protobuf.TextFormat;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ResultCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Plays a {@link History} against a fresh state the way a replica applies its log: each
 * command stamped with the leader's clock, in an entry carrying the limits. Keeps the log
 * and the results, for the properties that replay it.
 */
final class HistoryRun {
    /** The clock of the first step; far from 0 so that waits backwards stay positive. */
    static final long START_MILLIS = 1_000_000;

    private static final TextFormat.Printer ONE_LINE = TextFormat.printer().emittingSingleLine(true);

    /** What one step did: the entry it appended and its result (both null for a step without a command). */
    record Applied(int number, Step step, CommandBatch entry, CommandResult result, long nowMillis) {
        Command command() {
            return entry == null ? null : entry.getCommands(0);
        }

        boolean rejected() {
            return result != null && result.getCode() != ResultCode.RESULT_CODE_OK;
        }

        @Override
        public String toString() {
            return "step " + number + " (" + step + ")"
                    + (entry == null
                            ? " sent nothing"
                            : " at " + nowMillis + " sent [" + ONE_LINE.printToString(command()) + "] and got ["
                                    + ONE_LINE.printToString(result) + "]");
        }
    }

    private final ClusterState state;
    private final List<CommandBatch> log = new ArrayList<>();
    private final List<CommandResult> results = new ArrayList<>();

    private HistoryRun(History history) {
        this.state = new ClusterState(history.limits());
    }

    /** Plays every step; {@code afterEach} sees each step and the state it left, and may throw to fail. */
    static HistoryRun play(History history, BiConsumer<Applied, ClusterState> afterEach) {
        HistoryRun run = new HistoryRun(history);
        StateLimits limits = history.limits();
        long now = START_MILLIS;
        int number = 0;
        for (Step step : history.steps()) {
            number++;
            now = step.clockAt(run.state, now);
            Command command = step.command(run.state);
            Applied applied;
            if (step instanceof Step.Wait wait) {
                now += wait.millis();
                applied = new Applied(number, step, null, null, now);
            } else if (step instanceof Step.Relimit relimit) {
                limits = relimit.limits();
                applied = new Applied(number, step, null, null, now);
            } else if (command == null) {
                applied = new Applied(number, step, null, null, now);
            } else {
                CommandBatch.Builder builder = CommandBatch.newBuilder()
                        .setLimits(limits.toProto())
                        .addCommands(command.toBuilder().setNowMillis(now));
                if (step.placement() != null) {
                    builder.setPlacement(step.placement());
                }
                CommandBatch entry = builder.build();
                CommandResult result = run.state.apply(entry).get(0);
                run.log.add(entry);
                run.results.add(result);
                applied = new Applied(number, step, entry, result, now);
            }
            try {
                afterEach.accept(applied, run.state);
            } catch (AssertionError e) {
                throw new AssertionError(
                        "after " + applied + ":\n" + e.getMessage() + "\nstate:\n" + CanonicalState.render(run.state),
                        e);
            }
        }
        return run;
    }

    static HistoryRun play(History history) {
        return play(history, (applied, state) -> {});
    }

    ClusterState state() {
        return state;
    }

    /** The log entries, one command each, in order. */
    List<CommandBatch> log() {
        return log;
    }

    /** The result of each log entry's command. */
    List<CommandResult> results() {
        return results;
    }
}
