package dev.workcluster.bench.micro;

import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.TaskStatus;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.Placement;
import dev.workcluster.leader.state.proto.ScheduleTask;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One slot turnover as apply performs it: an entry that completes a run on a saturated
 * cluster (1,000 workers of 8 slots, all busy, 100,000 tasks waiting) and adds a task,
 * with the placement the leader attaches, so its apply starts the next task on the freed
 * slot. Placement looks at every candidate worker to find that slot; this is its cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlacementBenchmark {
    static final int WORKERS = 1_000;
    static final int PENDING = 100_000;
    private static final Placement EVERY_MEMBER = Placement.newBuilder()
            .setMaxStarts(LeaderConfig.DEFAULT_MAX_ASSIGNMENTS_PER_ROUND)
            .build();

    private StateDriver driver;
    private final ArrayDeque<String> running = new ArrayDeque<>();
    private int rotation;

    @Setup(Level.Trial)
    public void loadCluster() {
        driver = StateDriver.restored(StateLimits.defaults(), WORKERS, 0, PENDING);
        List<String> busy = driver.schedule(WORKERS * StateDriver.SLOTS_PER_WORKER);
        driver.assign(busy);
        running.addAll(busy);
        turnover();
        if (driver.state().count(TaskStatus.RUNNING) != WORKERS * StateDriver.SLOTS_PER_WORKER) {
            throw new IllegalStateException("a turnover did not refill the freed slot");
        }
    }

    @Benchmark
    public int turnover() {
        String next = driver.state().pendingInOrder().iterator().next().id();
        String done = running.poll();
        String added = driver.newTaskIds(1).get(0);
        CommandBatch.Builder entry = driver
                .entry(
                        List.of(done),
                        id -> dev.workcluster.leader.state.proto.Command.newBuilder()
                                .setCompleteTask(
                                        CompleteTask.newBuilder().setId(id).setAttempt(1)))
                .toBuilder();
        entry.addCommands(entry.getCommands(0).toBuilder()
                .setScheduleTask(ScheduleTask.newBuilder().setId(added).setPayload("p")));
        entry.setPlacement(EVERY_MEMBER.toBuilder().setRotation(rotation++));
        StateDriver.requireOk(driver.apply(entry.build()));
        running.add(next);
        return running.size();
    }
}
