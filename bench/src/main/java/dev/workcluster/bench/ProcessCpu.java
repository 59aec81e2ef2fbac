package dev.workcluster.bench;

import java.time.Duration;

/** CPU time a process has used so far, as the operating system counts it (all threads, user and system). */
final class ProcessCpu {
    private ProcessCpu() {}

    /** The process's CPU time, or null where the OS does not say. */
    static Duration of(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(null);
    }

    /** This JVM's CPU time. */
    static Duration ofThisJvm() {
        return of(ProcessHandle.current());
    }
}
