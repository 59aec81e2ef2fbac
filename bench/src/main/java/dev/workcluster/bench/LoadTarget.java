package dev.workcluster.bench;

/**
 * The cluster a {@link LoadRun} drives, ready for load: its client, and what tells the run that
 * tasks started. Either one started for the run ({@link EmbeddedTarget}) or one already running
 * elsewhere ({@link ExternalTarget}); closing stops only what the run started.
 */
interface LoadTarget extends AutoCloseable {

    LoadClient client();

    TaskStarts starts();

    /** True when the workers are not this JVM's: no handler sees the tasks start, and CPU is the client's alone. */
    boolean external();

    /** Workers connected when the load began. */
    long workers();

    /** Throws if something the figures rely on failed during the run. */
    void check();

    @Override
    void close() throws InterruptedException;
}
