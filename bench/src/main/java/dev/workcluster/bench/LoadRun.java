package dev.workcluster.bench;

import dev.workcluster.worker.WorkerOptions;
import dev.workcluster.worker.Transport;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * One measured run against a fresh single-node cluster: start the leader and the workers,
 * drive load through a warm-up and then a measured window, stop, and read the leader's
 * records of the tasks completed in the window.
 */
final class LoadRun {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    /** How the load client submits until the given {@link System#nanoTime()}. */
    @FunctionalInterface
    interface Load {
        void drive(LoadClient client, long stopAtNanos) throws InterruptedException;
    }

    /** The cluster's shape: workers × slots on one transport, at most maxQueued tasks waiting to start. */
    record Shape(int workers, int slots, Transport transport, int maxQueued) {
    }

    /**
     * What a window measured.
     *
     * @param tasksPerSecond  tasks the workers ran per second in the window (a slot is only reused once the
     *                        previous task's completion committed, so in steady state this is the completion rate)
     * @param scheduleToStart submit → handler start, microseconds, as the workers saw it
     * @param leader          the leader's created_at → finished_at of the tasks completed in the window
     * @param rejected        submits the leader failed; {@code dropped}: offers the client never sent, its queue bound
     *                        being full (only a fixed-rate load drops)
     */
    record Result(double seconds, double tasksPerSecond, long handled, Histogram scheduleToStart,
                  CompletedTasks leader, long accepted, long rejected, long dropped, double cpuSeconds) {

        void putInto(BenchReport report) {
            report.put("measured_s", Percentiles.round(seconds))
                    .put("tasks_per_s", Math.round(tasksPerSecond * 10) / 10.0)
                    // CPU of the whole bench JVM (leader, workers and client) per task: steadier than
                    // tasks/s when something else shares the machine.
                    .put("cpu_us_per_task", handled == 0 ? 0 : Math.round(cpuSeconds * 1e6 / handled))
                    .put("schedule_to_start_ms", Percentiles.millis(scheduleToStart))
                    .put("end_to_end_ms", Percentiles.millis(leader.endToEndMicros()))
                    .put("tasks_measured", handled)
                    .put("completions_committed_in_window", leader.count())
                    .put("submits_accepted", accepted)
                    .put("submits_rejected", rejected)
                    .put("offers_dropped", dropped);
        }
    }

    private LoadRun() {
    }

    static Result run(Shape shape, Duration warmUp, Duration measure, Load load) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start("bench", config -> config);
             LoadClient client = new LoadClient(cluster.address(), shape.maxQueued())) {
            TaskTimings timings = new TaskTimings(client::taskStarted);
            for (int i = 1; i <= shape.workers(); i++) {
                cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("bench-w" + i).setSlots(shape.slots())
                        .setTransport(shape.transport()).setPushListenPort(0), timings); // push workers: any free port
            }
            client.awaitWorkers(shape.workers(), JOIN_TIMEOUT);
            long measureFrom = System.nanoTime() + warmUp.toNanos();
            long stopAt = measureFrom + measure.toNanos();
            BackgroundLoad driver = BackgroundLoad.start(() -> load.drive(client, stopAt));
            Polling.sleepUntil(measureFrom);
            timings.reset();
            long handledBefore = timings.handled();
            long wallFrom = System.currentTimeMillis();
            long from = System.nanoTime();
            Duration cpuFrom = ProcessCpu.ofThisJvm();
            Polling.sleepUntil(stopAt);
            Duration cpuTo = ProcessCpu.ofThisJvm();
            double cpuSeconds = cpuFrom == null || cpuTo == null ? 0 : (cpuTo.toNanos() - cpuFrom.toNanos()) / 1e9;
            long handled = timings.handled() - handledBefore;
            double seconds = (System.nanoTime() - from) / 1e9;
            long wallTo = System.currentTimeMillis();
            Histogram scheduleToStart = timings.scheduleToStartMicros();
            driver.join();
            CompletedTasks leader = CompletedTasks.read(client.channel(), wallFrom, wallTo);
            return new Result(seconds, handled / seconds, handled, scheduleToStart, leader, client.accepted(),
                    client.rejected(), client.dropped(), cpuSeconds);
        }
    }
}
