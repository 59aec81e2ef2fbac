package dev.workcluster.cli.handlers;

import dev.workcluster.worker.TaskCancelledException;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link TaskContext} for handler tests that cancels the way the library does: flips the
 * flag and interrupts the handler's thread (or, to prove a handler also polls, only the flag).
 */
final class TestContext implements TaskContext {
    private final String payload;
    private volatile boolean cancelled;
    private volatile Thread thread;

    TestContext(String payload) {
        this.payload = payload;
    }

    /** Runs the handler on a new thread; the future completes with its result or exception. */
    CompletableFuture<String> runOnNewThread(TaskHandler handler) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread runner = new Thread(
                () -> {
                    try {
                        outcome.complete(handler.handle(this));
                    } catch (Throwable e) {
                        outcome.completeExceptionally(e);
                    }
                },
                "handler-under-test");
        thread = runner;
        runner.start();
        return outcome;
    }

    /** The thread {@link #runOnNewThread} started. */
    Thread thread() {
        return thread;
    }

    void cancel(boolean interrupt) {
        cancelled = true;
        if (interrupt && thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public String taskId() {
        return "task-1";
    }

    @Override
    public String payload() {
        return payload;
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public int maxAttempts() {
        return 3;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void throwIfCancelled() {
        if (cancelled) {
            throw new TaskCancelledException("task-1 cancelled");
        }
    }
}
