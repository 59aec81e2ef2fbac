package dev.workcluster.bench;

import dev.workcluster.worker.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One measured run: against a fresh single-node cluster with workers in this JVM, or against a
 * running cluster given by its addresses. Drive load through a warm-up and then a measured
 * window, stop, and read the leader's records of our tasks completed in the window.
 */
final class LoadRun {

    /** How the load client submits until the given {@link System#nanoTime()}, which is set once warm. */
    @FunctionalInterface
    interface Load {
        void drive(LoadClient client, AtomicLong stopAtNanos) throws InterruptedException;
    }

    /** The warm-up: at least {@code min}, then until the JIT settles ({@link WarmUp}), at most {@code max}. */
    record Warm(Duration min, Duration max) {
        /** 5 to 20 s for a quick run, 15 to 60 s for a full one. */
        static Warm of(BenchOptions options) {
            return new Warm(
                    options.phase(Duration.ofSeconds(5), Duration.ofSeconds(15)),
                    options.phase(Duration.ofSeconds(20), Duration.ofSeconds(60)));
        }
    }

    /** The cluster's shape: workers × slots on one transport, at most maxQueued tasks waiting to start. */
    record Shape(int workers, int slots, Transport transport, int maxQueued) {}

    /**
     * What a window measured.
     *
     * @param tasksPerSecond  tasks the workers started per second in the window (a slot is only reused once the
     *                        previous task's completion committed, so in steady state this is the completion rate)
     * @param scheduleToStart submit → handler start, microseconds, as the workers saw it (external cluster:
     *                        submit → RUNNING seen on the watch)
     * @param leader          the leader's created_at → finished_at of the tasks completed in the window
     * @param rejected        submits the leader failed; {@code dropped}: offers the client never sent, its queue bound
     *                        being full (only a fixed-rate load drops)
     * @param cpuSeconds      CPU of this JVM in the window: leader, workers and client, or the client alone for an
     *                        external cluster
     */
    record Result(
            double seconds,
            double tasksPerSecond,
            long handled,
            Histogram scheduleToStart,
            CompletedTasks leader,
            long accepted,
            long rejected,
            long dropped,
            double cpuSeconds,
            boolean external,
            long workers,
            Duration warmUp,
            long jitMillis) {

        void putInto(BenchReport report) {
            long cpuPerTask = handled == 0 ? 0 : Math.round(cpuSeconds * 1e6 / handled);
            report.put("warm_up_s", Percentiles.round(warmUp.toMillis() / 1e3))
                    .put("jit_ms_in_window", jitMillis)
                    .put("measured_s", Percentiles.round(seconds))
                    .put("tasks_per_s", Math.round(tasksPerSecond * 10) / 10.0);
            if (external) {
                // the leader and the workers run elsewhere: only the client's share is known here
                report.put("workers_alive", workers)
                        .put("client_cpu_us_per_task", cpuPerTask)
                        .put("start_seen_on", "WatchTasks");
            } else {
                // CPU of the whole bench JVM (leader, workers and client) per task: steadier than
                // tasks/s when something else shares the machine.
                report.put("cpu_us_per_task", cpuPerTask);
            }
            report.put("schedule_to_start_ms", Percentiles.millis(scheduleToStart))
                    .put("end_to_end_ms", Percentiles.millis(leader.endToEndMicros()))
                    .put("tasks_measured", handled)
                    .put("completions_committed_in_window", leader.count())
                    .put("submits_accepted", accepted)
                    .put("submits_rejected", rejected)
                    .put("offers_dropped", dropped);
        }
    }

    private LoadRun() {}

    /** The run's cluster at the top of the report: the workers this JVM starts, or the addresses it was given. */
    static BenchReport describe(BenchReport report, BenchOptions options, Shape shape) {
        if (options.external()) {
            return report.put("cluster", String.join(",", options.leaders()));
        }
        return report.put("transport", shape.transport().name().toLowerCase(java.util.Locale.ROOT))
                .put("workers", shape.workers())
                .put("slots_per_worker", shape.slots());
    }

    /** @param leaders the running cluster to drive, or empty to start one with {@code shape}'s workers */
    static Result run(Shape shape, List<String> leaders, Warm warm, Duration measure, Load load) throws Exception {
        try (LoadTarget target =
                leaders.isEmpty() ? EmbeddedTarget.start(shape) : ExternalTarget.connect(leaders, shape.maxQueued())) {
            LoadClient client = target.client();
            TaskStarts starts = target.starts();
            AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
            BackgroundLoad driver = BackgroundLoad.start(() -> load.drive(client, stopAt));
            Duration warmUp = WarmUp.await(warm.min(), warm.max());
            stopAt.set(System.nanoTime() + measure.toNanos());
            long jitFrom = WarmUp.jitMillis();
            starts.reset();
            long handledBefore = starts.handled();
            long wallFrom = System.currentTimeMillis();
            long from = System.nanoTime();
            Duration cpuFrom = ProcessCpu.ofThisJvm();
            Polling.sleepUntil(stopAt.get());
            Duration cpuTo = ProcessCpu.ofThisJvm();
            long jitMillis = WarmUp.jitMillis() - jitFrom;
            double cpuSeconds = cpuFrom == null || cpuTo == null ? 0 : (cpuTo.toNanos() - cpuFrom.toNanos()) / 1e9;
            long handled = starts.handled() - handledBefore;
            double seconds = (System.nanoTime() - from) / 1e9;
            long wallTo = System.currentTimeMillis();
            Histogram scheduleToStart = starts.scheduleToStartMicros();
            driver.join();
            target.check();
            CompletedTasks leader = CompletedTasks.read(client.channel(), client.idPrefix(), wallFrom, wallTo);
            return new Result(
                    seconds,
                    handled / seconds,
                    handled,
                    scheduleToStart,
                    leader,
                    client.accepted(),
                    client.rejected(),
                    client.dropped(),
                    cpuSeconds,
                    target.external(),
                    target.workers(),
                    warmUp,
                    jitMillis);
        }
    }
}
