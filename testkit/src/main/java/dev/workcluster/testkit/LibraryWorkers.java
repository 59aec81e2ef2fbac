package dev.workcluster.testkit;

import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Library workers in this JVM; {@link #close()} drains them all at once, each within the same grace.
 *
 * <pre>{@code
 * try (LibraryWorkers workers = new LibraryWorkers(Duration.ofSeconds(2))) {
 *     workers.start(WorkerOptions.newBuilder().setLeaderAddresses(leaders).setWorkerId("w1"), handler);
 * }
 * }</pre>
 */
public final class LibraryWorkers implements AutoCloseable {
    private final Duration grace;
    private final List<Worker> workers = new ArrayList<>();

    /** @param grace how long each worker's running tasks may take to finish when it is stopped */
    public LibraryWorkers(Duration grace) {
        this.grace = grace;
    }

    /** Starts a worker with this set's shutdown grace; it joins in the background. */
    public Worker start(WorkerOptions.Builder options, TaskHandler handler) {
        Worker worker = Worker.start(options.setShutdownGrace(grace).build(), handler);
        workers.add(worker);
        return worker;
    }

    @Override
    public void close() throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (Worker worker : workers) {
            Thread thread = new Thread(() -> worker.shutdown(grace), "stop-" + worker.id());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            thread.join();
        }
        workers.clear();
    }
}
