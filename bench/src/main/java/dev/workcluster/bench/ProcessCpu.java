package dev.workcluster.bench;

import java.lang.management.ManagementFactory;

/** CPU time a process has used so far, as the operating system counts it. */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** This JVM's CPU time in nanoseconds (all threads, user and system). */
    static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
