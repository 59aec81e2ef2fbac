package dev.workcluster.bench.micro;

import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.scheduler.Assignment;
import dev.workcluster.leader.scheduler.AssignmentsInFlight;
import dev.workcluster.leader.scheduler.Placement;
import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.StateLimits;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One dispatcher planning round ({@link Placement#plan}) over 1,000 workers of 8 slots
 * and 100,000 pending tasks, with the dispatcher's default cap on assignments per round.
 * {@code freeSlots=8000}: every worker idle, the round plans a full 1,024. {@code
 * freeSlots=1}: a saturated cluster where one completion freed one slot, the round
 * every completion triggers: it still looks at every worker to find that slot.
 * Planning only reads the state, so the same state serves every invocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlacementBenchmark {
    static final int WORKERS = 1_000;
    static final int PENDING = 100_000;
    private static final AssignmentsInFlight NOTHING_IN_FLIGHT = new AssignmentsInFlight();

    @Param({"8000", "1"})
    public int freeSlots;

    private ClusterState state;
    private int rotation;

    @Setup(Level.Trial)
    public void loadCluster() {
        int running = WORKERS * StateDriver.SLOTS_PER_WORKER - freeSlots;
        StateDriver driver = StateDriver.restored(StateLimits.defaults(), WORKERS, 0, PENDING);
        // Running tasks go through apply, so each worker's slots are taken as the dispatcher would take them.
        driver.assign(driver.schedule(running));
        state = driver.state();
        int expected = Math.min(freeSlots, LeaderConfig.DEFAULT_MAX_ASSIGNMENTS_PER_ROUND);
        if (plan().size() != expected) {
            throw new IllegalStateException("a round planned " + plan().size() + " assignments, expected " + expected);
        }
    }

    @Benchmark
    public List<Assignment> plan() {
        return Placement.plan(state, member -> true, NOTHING_IN_FLIGHT, rotation++,
                LeaderConfig.DEFAULT_MAX_ASSIGNMENTS_PER_ROUND);
    }
}
