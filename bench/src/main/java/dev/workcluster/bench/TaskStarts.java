package dev.workcluster.bench;

import org.HdrHistogram.Histogram;

/** What tells a load run that its tasks started on a worker, and how long after their submit. */
interface TaskStarts {

    /** Tasks started so far. */
    long handled();

    /** Forgets the submit → start times recorded so far (the warm-up). */
    void reset();

    /** Submit → start in microseconds, recorded since the last reset or snapshot. */
    Histogram scheduleToStartMicros();
}
