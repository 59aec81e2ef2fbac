package dev.workcluster.bench;

import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The workers' no-op handler. A task's payload is the {@link System#nanoTime()} of its
 * submission (load client and workers share the JVM, so the clock is the same); the
 * handler records submit → start in microseconds, counts the task, and tells the load
 * client a task left the system.
 */
final class TaskTimings implements TaskHandler, TaskStarts {
    private final Recorder scheduleToStart = new Recorder(3);
    private final LongAdder started = new LongAdder();
    private final Runnable onStarted;

    TaskTimings(Runnable onStarted) {
        this.onStarted = onStarted;
    }

    /** The payload of a task submitted at {@code nanos}. */
    static String payload(long nanos) {
        return Long.toString(nanos);
    }

    @Override
    public String handle(TaskContext context) {
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - Long.parseLong(context.payload()));
        scheduleToStart.recordValue(Math.max(0, micros));
        started.increment();
        onStarted.run();
        return "";
    }

    @Override
    public long handled() {
        return started.sum();
    }

    @Override
    public void reset() {
        scheduleToStart.reset();
    }

    @Override
    public Histogram scheduleToStartMicros() {
        return scheduleToStart.getIntervalHistogram();
    }
}
