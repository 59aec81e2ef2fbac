package dev.workcluster.bench.micro;

import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.RegisterNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Retention by age: one entry whose clock has moved past the age limit of 1,024
 * finished tasks, out of about 20,000 retained, so apply drops all 1,024 at once (as
 * after a quiet spell). The score is per dropped task. Pruning by count, one task per
 * completion, is part of {@link ApplyBenchmark}'s complete stage.
 *
 * <p>Every invocation is one "round" of {@link #ROUND_MILLIS}: untimed, 1,024 tasks
 * finish at the round's start; timed, a command half a round later drops the round
 * finished {@link #ROUNDS_KEPT} rounds ago, which is exactly one round's tasks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RetentionBenchmark {
    static final long ROUND_MILLIS = 1_000;
    static final int ROUNDS_KEPT = 20;

    private StateDriver driver;
    private long start;
    private long round;
    private int tasksBefore;
    private CommandBatch entry;
    private List<CommandResult> results;

    @Setup(Level.Trial)
    public void retainRounds() {
        StateLimits byAgeOnly = new StateLimits(
                StateLimits.DEFAULT_MAX_PAYLOAD_BYTES,
                StateLimits.DEFAULT_MAX_QUEUED_TASKS,
                Integer.MAX_VALUE,
                Duration.ofMillis(ROUNDS_KEPT * ROUND_MILLIS),
                StateLimits.DEFAULT_MAX_ATTEMPTS,
                StateLimits.DEFAULT_MAX_ATTEMPTS_CEILING);
        driver = StateDriver.restored(byAgeOnly, StateDriver.ENTRY / StateDriver.SLOTS_PER_WORKER, 0, 0);
        start = driver.now();
        for (round = 0; round < ROUNDS_KEPT; round++) {
            finishRound();
        }
    }

    @Setup(Level.Invocation)
    public void prepareEntry() {
        finishRound();
        tasksBefore = driver.state().taskCount();
        // Any command moves the clock; registering a node touches no task, so the entry costs the sweep.
        driver.clock(start + round * ROUND_MILLIS + ROUND_MILLIS / 2);
        entry = driver.entry(
                List.of("n1"),
                node -> Command.newBuilder()
                        .setRegisterNode(
                                RegisterNode.newBuilder().setNodeId(node).setClientAddress("127.0.0.1:50051")));
        round++;
    }

    @TearDown(Level.Invocation)
    public void checkSweep() {
        StateDriver.requireOk(results);
        int dropped = tasksBefore - driver.state().taskCount();
        if (dropped != StateDriver.ENTRY) {
            throw new IllegalStateException("the sweep dropped " + dropped + " tasks, expected " + StateDriver.ENTRY);
        }
    }

    @Benchmark
    @OperationsPerInvocation(StateDriver.ENTRY)
    public List<CommandResult> dropExpiredFinished() {
        results = driver.apply(entry);
        return results;
    }

    private void finishRound() {
        driver.clock(start + round * ROUND_MILLIS);
        driver.runToCompletion(StateDriver.ENTRY);
    }
}
