package dev.workcluster.bench;

import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Library workers in this JVM; {@link #close()} drains them all at once, each within the same grace. */
final class LibraryWorkers implements AutoCloseable {
    private final Duration grace;
    private final List<Worker> workers = new ArrayList<>();

    LibraryWorkers(Duration grace) {
        this.grace = grace;
    }

    /** Starts a worker; it joins in the background. */
    Worker start(WorkerOptions.Builder options, TaskHandler handler) {
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
