package dev.workcluster.bench;

import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.proto.cluster.v1.TaskCounts;
import dev.workcluster.testkit.HeapUsage;
import dev.workcluster.testkit.LeaderProcess;
import dev.workcluster.testkit.LibraryWorkers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory under a long stream of tiny tasks: one leader node in a process of its own (so its heap
 * holds only what the leader keeps) with default retention (the newest 100,000 finished tasks),
 * 8 library workers × 8 slots with no-op handlers and a closed-loop client in this JVM. The
 * leader's heap is read after a full collection it runs on request: empty, at every tenth of the
 * tasks, and at the end. {@code bytes_per_retained_task} is (heap at the end − heap empty) over
 * the finished tasks retained at the end: everything the leader holds for them, its Raft log
 * cache included.
 */
public final class MemoryScenario extends Scenario {
    static final long QUICK_TASKS = 100_000;
    static final long FULL_TASKS = 1_000_000;
    static final int WORKERS = 8;
    static final int SLOTS = 8;
    static final int MAX_QUEUED = 512;
    static final int SAMPLES = 10;
    static final List<String> LEADER_JVM_OPTIONS = List.of("-Xmx1g");
    private static final Duration HEAP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);

    public MemoryScenario() {
        super(
                "memory",
                "1,000,000 tiny tasks (--quick: 100,000) through one leader process with default retention: "
                        + "leader heap after GC, bytes per retained task");
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        return run(options.quick() ? QUICK_TASKS : FULL_TASKS, Environment.header(new BenchReport(name()), options));
    }

    static BenchReport run(long tasks, BenchReport report) throws Exception {
        report.put("workers", WORKERS)
                .put("slots_per_worker", SLOTS)
                .put("max_queued", MAX_QUEUED)
                .put("retain_finished", StateLimits.DEFAULT_RETAIN_FINISHED_COUNT)
                .put("leader_jvm_options", String.join(" ", LEADER_JVM_OPTIONS));
        try (LeaderGroup group = LeaderGroup.start("memory", 1, LEADER_JVM_OPTIONS);
                LoadClient client = new LoadClient(group.addresses().get(0), MAX_QUEUED);
                LibraryWorkers workers = new LibraryWorkers(BenchWorkers.GRACE)) {
            TaskTimings timings = new TaskTimings(client::taskStarted);
            BenchWorkers.startJoined(workers, WORKERS, SLOTS, group.addresses(), timings, client);
            LeaderProcess leader = group.node(0);
            HeapUsage empty = leader.heap(HEAP_TIMEOUT);
            List<HeapUsage> samples = new ArrayList<>(List.of(empty));
            long samplingNanos = 0;

            long from = System.nanoTime();
            BackgroundLoad load = BackgroundLoad.start(() -> client.push(tasks));
            for (int k = 1; k < SAMPLES; k++) {
                long threshold = tasks * k / SAMPLES;
                if (!Polling.until(() -> timings.handled() >= threshold || !load.isRunning(), STALL_TIMEOUT)) {
                    throw new IllegalStateException("stalled: " + timings.handled() + " of " + tasks
                            + " tasks handled, none for " + STALL_TIMEOUT);
                }
                long sampleFrom = System.nanoTime();
                samples.add(leader.heap(HEAP_TIMEOUT));
                samplingNanos += System.nanoTime() - sampleFrom;
            }
            load.join();
            boolean drained = Polling.untilStalled(
                    () -> client.unresolved() == 0 && timings.handled() >= client.accepted() && group.idle(0),
                    timings::handled,
                    STALL_TIMEOUT,
                    STALL_TIMEOUT.multipliedBy(5));
            double seconds = (System.nanoTime() - from) / 1e9;
            HeapUsage end = leader.heap(HEAP_TIMEOUT);
            samples.add(end);
            TaskCounts counts = group.status(0)
                    .orElseThrow(() -> new IllegalStateException("leader did not answer"))
                    .getTasks();
            long retained = counts.getCompleted() + counts.getError() + counts.getCancelled();

            report.put("tasks", client.accepted())
                    .put("submits_rejected", client.rejected())
                    .put("drained", drained)
                    .put("elapsed_s", Percentiles.round(seconds))
                    .put("tasks_per_s", Math.round(timings.handled() / seconds * 10) / 10.0)
                    .put("heap_sampling_s", Percentiles.round(samplingNanos / 1e9))
                    .put("retained_tasks", retained)
                    .put("heap_mb_empty", HeapUsage.mb(empty.afterGcBytes()))
                    .put("heap_mb_end", HeapUsage.mb(end.afterGcBytes()))
                    .put(
                            "heap_mb_peak",
                            HeapUsage.mb(samples.stream()
                                    .mapToLong(HeapUsage::afterGcBytes)
                                    .max()
                                    .orElseThrow()))
                    .put(
                            "heap_mb_peak_before_gc",
                            HeapUsage.mb(samples.stream()
                                    .mapToLong(HeapUsage::usedBytes)
                                    .max()
                                    .orElseThrow()))
                    .put(
                            "heap_mb_after_gc_samples",
                            samples.stream()
                                    .map(s -> HeapUsage.mb(s.afterGcBytes()))
                                    .toList())
                    .put("leader_max_heap_mb", HeapUsage.mb(end.maxBytes()))
                    .put(
                            "bytes_per_retained_task",
                            retained == 0
                                    ? null
                                    : (double) Math.round(
                                            (end.afterGcBytes() - empty.afterGcBytes()) / (double) retained));
            return report;
        }
    }
}
