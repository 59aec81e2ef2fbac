package dev.workcluster.cli.handlers;

import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;

/** {@code --handler echo}: the task's result is its payload, unchanged. */
public final class EchoHandler implements TaskHandler {
    @Override
    public String handle(TaskContext context) {
        return context.payload();
    }
}
