package dev.workcluster.bench;

import java.util.concurrent.atomic.AtomicReference;

/** A load client driven on a thread of its own while the scenario watches; {@link #join()} reports its failure. */
final class BackgroundLoad {
    /** What the thread runs. */
    @FunctionalInterface
    interface Drive {
        void run() throws InterruptedException;
    }

    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private BackgroundLoad(Drive drive) {
        this.thread = new Thread(
                () -> {
                    try {
                        drive.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                },
                "bench-load");
        thread.setDaemon(true);
    }

    static BackgroundLoad start(Drive drive) {
        BackgroundLoad load = new BackgroundLoad(drive);
        load.thread.start();
        return load;
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    /** Waits for the load to end; throws if it failed. */
    void join() throws InterruptedException {
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException("the load client failed", failure.get());
        }
    }
}
