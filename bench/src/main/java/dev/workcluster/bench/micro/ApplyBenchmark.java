package dev.workcluster.bench.micro;

import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
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
 * {@code ClusterState.apply} of one full log entry (1,024 commands of one kind) on a
 * leader under sustained load: 1,000 workers of 8 slots, 10,000 tasks waiting, and the
 * default retention of 100,000 finished tasks already reached, so every completion also
 * drops the oldest finished task. The score is per command. Each stage of a task's life
 * is timed alone; the stages before and after it run untimed around every invocation
 * (an entry takes about a millisecond, long enough for per-invocation fixtures).
 *
 * <p>Expect a wide spread: finished tasks live long enough to survive young
 * collections, so every G1 pause copies them, and a pause that falls inside the timed
 * apply is counted (as it would stall the leader's apply). The best iterations show
 * the cost without a pause.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ApplyBenchmark {
    static final int WORKERS = 1_000;
    static final int WAITING = 10_000;

    @Param({"schedule", "assign", "complete"})
    public String stage;

    private StateDriver driver;
    private List<String> ids;
    private CommandBatch entry;
    private List<CommandResult> results;

    @Setup(Level.Trial)
    public void loadLeader() {
        driver = StateDriver.restored(
                StateLimits.defaults(), WORKERS, StateLimits.DEFAULT_RETAIN_FINISHED_COUNT, WAITING);
    }

    /** Brings a fresh entry's tasks to the stage before the timed one. */
    @Setup(Level.Invocation)
    public void prepareEntry() {
        ids = driver.newTaskIds(StateDriver.ENTRY);
        switch (stage) {
            case "schedule" -> entry = driver.scheduleEntry(ids);
            case "assign" -> {
                driver.applyOk(driver.scheduleEntry(ids));
                entry = driver.assignEntry(ids);
            }
            case "complete" -> {
                driver.applyOk(driver.scheduleEntry(ids));
                driver.applyOk(driver.assignEntry(ids));
                entry = driver.completeEntry(ids);
            }
            default -> throw new IllegalArgumentException("unknown stage " + stage);
        }
    }

    /** Checks the timed entry was accepted, then finishes its tasks so the state stays the same size. */
    @TearDown(Level.Invocation)
    public void finishEntry() {
        StateDriver.requireOk(results);
        if (stage.equals("schedule")) {
            driver.applyOk(driver.assignEntry(ids));
        }
        if (!stage.equals("complete")) {
            driver.applyOk(driver.completeEntry(ids));
        }
    }

    @Benchmark
    @OperationsPerInvocation(StateDriver.ENTRY)
    public List<CommandResult> apply() {
        results = driver.apply(entry);
        return results;
    }
}
