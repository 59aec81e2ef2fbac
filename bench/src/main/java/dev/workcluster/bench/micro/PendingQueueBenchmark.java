package dev.workcluster.bench.micro;

import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The pending-task queue at depth, through apply (the queue is the state's own): one
 * entry that schedules 512 tasks behind {@code pending} waiting ones and assigns the
 * same 512, so each task is added to the queue and taken out again. The score is per
 * task (two commands). Finished tasks are not retained here, so the only thing that
 * differs between the two depths is the number of tasks waiting.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PendingQueueBenchmark {
    static final int TASKS = StateDriver.ENTRY / 2;

    @Param({"1000", "100000"})
    public int pending;

    private StateDriver driver;
    private List<String> ids;
    private CommandBatch entry;
    private List<CommandResult> results;

    @Setup(Level.Trial)
    public void fillQueue() {
        StateLimits keepNothing = new StateLimits(
                StateLimits.DEFAULT_MAX_PAYLOAD_BYTES,
                StateLimits.DEFAULT_MAX_QUEUED_TASKS,
                0,
                Duration.ZERO,
                StateLimits.DEFAULT_MAX_ATTEMPTS,
                StateLimits.DEFAULT_MAX_ATTEMPTS_CEILING);
        driver = StateDriver.restored(keepNothing, TASKS / StateDriver.SLOTS_PER_WORKER, 0, pending);
    }

    @Setup(Level.Invocation)
    public void prepareEntry() {
        ids = driver.newTaskIds(TASKS);
        CommandBatch schedules = driver.scheduleEntry(ids);
        CommandBatch assigns = driver.assignEntry(ids);
        entry = schedules.toBuilder().addAllCommands(assigns.getCommandsList()).build();
    }

    /** Completes the tasks untimed, which frees the slots and (no retention) forgets the tasks. */
    @TearDown(Level.Invocation)
    public void finishEntry() {
        StateDriver.requireOk(results);
        driver.applyOk(driver.completeEntry(ids));
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public List<CommandResult> scheduleThenAssign() {
        results = driver.apply(entry);
        return results;
    }
}
